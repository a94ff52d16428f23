package importer

import (
	"encoding/json"

	"github.com/google/uuid"
)

// createdBy names the record of this import that created a row.
type createdBy struct {
	section string
	index   int
}

// createdHere records that record index of section created the row id. A
// later record of the same file with the same key is then a duplicate
// within the file, never "matched" to the row this run made (which would
// silently drop its data).
func (l *loader) createdHere(id uuid.UUID, section string, index int) {
	if l.runCreated == nil {
		l.runCreated = map[uuid.UUID]createdBy{}
	}
	l.runCreated[id] = createdBy{section, index}
}

// duplicateInRun reports whether id was created by an earlier record of this
// import. If so, record i (named name) is archived verbatim under section
// with a warning naming both records, and the outcome is returned.
func (l *loader) duplicateInRun(section string, i int, name string, id uuid.UUID, r *record) (outcome, bool, error) {
	raw, err := json.Marshal(r.fields)
	if err != nil {
		return 0, true, err
	}
	first, ok := l.runCreated[id]
	if !ok {
		// An earlier run of the file archived this very record as a
		// duplicate: it matches that copy, not the row.
		q, err := l.archivedQueue()
		if err != nil {
			return 0, true, err
		}
		if _, ok := q.take(section + "\x00" + canonicalJSON(raw)); ok {
			return matched, true, nil
		}
		return 0, false, nil
	}
	l.rep.warn(section, i, "%s: has the same key as %s[%d] of this file; kept verbatim in the archive, not merged",
		name, first.section, first.index)
	o, err := l.archiveRecord(section, i, raw)
	if err == nil && o == matched {
		// An identical duplicate archived by an earlier run of the file.
		return matched, true, nil
	}
	return archived, true, err
}

// nextOrdinal numbers archive rows of a section that has no file index of
// its own (finished units nested in recipes).
func (l *loader) nextOrdinal(section string) int {
	if l.ordinals == nil {
		l.ordinals = map[string]int{}
	}
	n := l.ordinals[section]
	l.ordinals[section] = n + 1
	return n
}
