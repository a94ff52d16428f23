// Package bakersmath is the pure arithmetic of baker's math: rounding a
// scaled quantity to something a baker can measure, the scale factor
// between two pans, and the ordering of a label's ingredient statement. It
// knows nothing of the database; package tools gathers the recipe, converts
// units with the ingredient's density and calls it. docs/bakers-math.md
// states the rules.
package bakersmath
