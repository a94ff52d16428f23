package importer

import (
	"fmt"
	"sort"

	"github.com/google/uuid"
)

// Report is what an import did (the body of POST /api/imports): one entry for
// every list-valued section of the file, each record counted exactly once as
// created, matched, archived or rejected, and a warning for every repair.
type Report struct {
	Format string `json:"format"`
	// Version is the file's own version string ("" when it has none),
	// recorded, never checked (H27).
	Version string `json:"version"`
	// FileName is the name the file was given or uploaded under ("" when
	// none was given).
	FileName string `json:"file_name"`
	// ImportID is the import_runs row; null for a dry run, which keeps none.
	ImportID *uuid.UUID                `json:"import_id"`
	DryRun   bool                      `json:"dry_run"`
	Sections map[string]*SectionReport `json:"sections"`
	Warnings []Warning                 `json:"warnings"`
}

// SectionReport counts one section's records: Read = Created + Matched +
// Archived + Rejected.
type SectionReport struct {
	Read     int `json:"read"`
	Created  int `json:"created"`
	Matched  int `json:"matched"`
	Archived int `json:"archived"`
	Rejected int `json:"rejected"`
}

// Warning names a record (section and index in it; -1 for the file as a
// whole) and what was repaired, guessed or refused.
type Warning struct {
	Section string `json:"section"`
	Index   int    `json:"index"`
	Message string `json:"message"`
}

// outcome is what happened to one record.
type outcome int

const (
	created outcome = iota + 1
	matched
	archived
	rejected
)

func newReport(format, version, fileName string, dryRun bool) *Report {
	return &Report{Format: format, Version: version, FileName: fileName, DryRun: dryRun, Sections: map[string]*SectionReport{}, Warnings: []Warning{}}
}

// section returns the counters of name, creating them.
func (r *Report) section(name string) *SectionReport {
	s, ok := r.Sections[name]
	if !ok {
		s = &SectionReport{}
		r.Sections[name] = s
	}
	return s
}

// count records one record's outcome.
func (s *SectionReport) count(o outcome) {
	s.Read++
	switch o {
	case created:
		s.Created++
	case matched:
		s.Matched++
	case archived:
		s.Archived++
	default:
		s.Rejected++
	}
}

// warn adds a warning.
func (r *Report) warn(section string, index int, format string, args ...any) {
	r.Warnings = append(r.Warnings, Warning{Section: section, Index: index, Message: fmt.Sprintf(format, args...)})
}

// check verifies the report's arithmetic; a failure is a bug in the
// importer, and the import is refused rather than reported wrongly.
func (r *Report) check() error {
	names := make([]string, 0, len(r.Sections))
	for n := range r.Sections {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := r.Sections[n]
		if s.Read != s.Created+s.Matched+s.Archived+s.Rejected {
			return fmt.Errorf("importer: section %s: read %d but accounted for %d", n, s.Read, s.Created+s.Matched+s.Archived+s.Rejected)
		}
	}
	return nil
}

// Totals sums every section.
func (r *Report) Totals() SectionReport {
	var t SectionReport
	for _, s := range r.Sections {
		t.Read += s.Read
		t.Created += s.Created
		t.Matched += s.Matched
		t.Archived += s.Archived
		t.Rejected += s.Rejected
	}
	return t
}
