// Package docs holds the project's design notes; its test keeps the links
// between them and from the README resolvable.
package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	// link is an inline Markdown link or image: [text](target "title").
	link       = regexp.MustCompile(`!?\[[^\]]*\]\(([^)\s]+)(?:\s+"[^"]*")?\)`)
	fence      = regexp.MustCompile("(?ms)^```.*?^```")
	codeSpan   = regexp.MustCompile("`[^`\n]*`")
	heading    = regexp.MustCompile(`(?m)^#{1,6}\s+(.+?)\s*#*\s*$`)
	notInSlugs = regexp.MustCompile(`[^\p{L}\p{N}\- _]`)
)

// TestRelativeLinksResolve fails when README.md or a docs/*.md file links to
// a file that does not exist, or to a #heading the target does not have: a
// clone must contain everything its documents point at.
func TestRelativeLinksResolve(t *testing.T) {
	files, err := filepath.Glob("*.md")
	if err != nil {
		t.Fatal(err)
	}
	files = append(files, filepath.Join("..", "README.md"))
	checked := 0
	for _, f := range files {
		for _, target := range relativeLinks(t, f) {
			checked++
			if msg := resolve(t, f, target); msg != "" {
				t.Errorf("%s: link %q: %s", f, target, msg)
			}
		}
	}
	if checked == 0 {
		t.Fatal("no relative links found; the README links into docs/, so the parser is broken")
	}
}

// TestResolveCatchesBrokenLinks proves the checker can fail.
func TestResolveCatchesBrokenLinks(t *testing.T) {
	for _, target := range []string{"missing.md", "domain.md#no-such-heading", "#nowhere"} {
		if resolve(t, "domain.md", target) == "" {
			t.Errorf("broken link %q passed", target)
		}
	}
	for _, target := range []string{"domain.md", "domain.md#21-ingredients", "tenant-isolation.md#rules", "../schema"} {
		if msg := resolve(t, "domain.md", target); msg != "" {
			t.Errorf("good link %q failed: %s", target, msg)
		}
	}
}

func relativeLinks(t *testing.T, file string) []string {
	t.Helper()
	b, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	text := codeSpan.ReplaceAllString(fence.ReplaceAllString(string(b), ""), "")
	var out []string
	for _, m := range link.FindAllStringSubmatch(text, -1) {
		target := m[1]
		if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
			continue
		}
		out = append(out, target)
	}
	return out
}

// resolve returns why target, linked from file, does not resolve ("" when it does).
func resolve(t *testing.T, file, target string) string {
	t.Helper()
	path, anchor, _ := strings.Cut(target, "#")
	dest := file
	if path != "" {
		dest = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
		if _, err := os.Stat(dest); err != nil {
			return "no such file " + dest
		}
	}
	if anchor == "" {
		return ""
	}
	b, err := os.ReadFile(dest)
	if err != nil {
		return "cannot read " + dest + " for its headings"
	}
	for _, h := range heading.FindAllStringSubmatch(fence.ReplaceAllString(string(b), ""), -1) {
		if slug(h[1]) == anchor {
			return ""
		}
	}
	return "no heading #" + anchor + " in " + dest
}

// slug is GitHub's heading anchor: lower case, punctuation dropped, spaces
// to hyphens.
func slug(h string) string {
	h = strings.ToLower(strings.ReplaceAll(h, "`", ""))
	h = notInSlugs.ReplaceAllString(h, "")
	return strings.ReplaceAll(h, " ", "-")
}
