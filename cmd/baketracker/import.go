package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/google/uuid"

	"github.com/baketracker/baketracker/importer"
)

// importCmd is `baketracker import desktop|mobile FILE --tenant ID
// [--dry-run] [--json]`.
func (e *cmdEnv) importCmd(ctx context.Context, args []string) error {
	const usageText = "Usage: baketracker import desktop FILE --tenant ID [--dry-run] [--json]\n       baketracker import mobile FILE --tenant ID [--dry-run] [--json]"
	if len(args) == 0 || args[0] == "--help" || args[0] == "-h" {
		fmt.Fprintln(e.stdout, usageText)
		if len(args) == 0 {
			return errors.New("import: expected desktop or mobile")
		}
		return nil
	}
	kindName, rest := args[0], args[1:]
	var kind importer.Kind
	switch kindName {
	case "desktop":
		kind = importer.KindDesktop
	case "mobile":
		kind = importer.KindMobile
	default:
		fmt.Fprintln(e.stdout, usageText)
		return fmt.Errorf("import: unknown kind %q (desktop or mobile)", kindName)
	}
	synopsis := "import " + kindName + " FILE --tenant ID [--dry-run] [--json]"
	fs := e.newFlags("import "+kindName, synopsis)
	tenantFlag := fs.String("tenant", "", "the tenant to import into (its id)")
	dryRun := fs.Bool("dry-run", false, "do everything and roll it back: report what would happen, write nothing")
	asJSON := fs.Bool("json", false, "print the report as JSON (the same object as POST /api/imports)")
	files, err := parseInterspersed(fs, rest)
	if err != nil {
		return err
	}
	if len(files) != 1 {
		fs.Usage()
		return fmt.Errorf("import %s: expected one FILE (or - for standard input)", kindName)
	}
	tenant, err := uuid.Parse(*tenantFlag)
	if err != nil {
		return fmt.Errorf("import %s: --tenant %q is not a tenant id (tenant create prints it)", kindName, *tenantFlag)
	}
	data, name, err := e.readInput(files[0])
	if err != nil {
		return fmt.Errorf("import %s: %w", kindName, err)
	}
	a, err := e.openApp(ctx, false, true)
	if err != nil {
		return err
	}
	defer a.close()
	im := a.importer
	rep, err := im.Import(ctx, tenant, data, importer.Options{
		Kind: kind, DryRun: *dryRun, Filename: name,
		Progress: func(section string, done, total int) {
			fmt.Fprintf(e.stderr, "%s: %d/%d\n", section, done, total)
		},
	})
	if err != nil {
		return fmt.Errorf("import %s %s: %w", kindName, name, err)
	}
	if *asJSON {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	printReport(e.stdout, name, tenant, rep)
	return nil
}

// parseInterspersed parses flags that may come before or after positional
// arguments ("import desktop FILE --tenant ID"), which flag.Parse alone
// stops at.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		if fs.NArg() == 0 {
			return pos, nil
		}
		pos = append(pos, fs.Arg(0))
		args = fs.Args()[1:]
	}
}

// readInput reads a file, or standard input for "-".
func (e *cmdEnv) readInput(path string) ([]byte, string, error) {
	if path == "-" {
		b, err := io.ReadAll(e.stdin)
		return b, "stdin", err
	}
	b, err := os.ReadFile(path)
	return b, filepath.Base(path), err
}

// printReport writes the report as a table for people.
func printReport(w io.Writer, file string, tenant uuid.UUID, rep *importer.Report) {
	mode := "imported"
	if rep.DryRun {
		mode = "dry run (nothing was written)"
	}
	version := rep.Version
	if version == "" {
		version = "none"
	}
	if rep.ImportID != nil {
		mode += ", import " + rep.ImportID.String()
	}
	fmt.Fprintf(w, "%s: %s, version %s, into tenant %s — %s\n\n", file, rep.Format, version, tenant, mode)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "section\tread\tcreated\tmatched\tarchived\trejected\t")
	names := make([]string, 0, len(rep.Sections))
	for n := range rep.Sections {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		s := rep.Sections[n]
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\n", n, s.Read, s.Created, s.Matched, s.Archived, s.Rejected)
	}
	t := rep.Totals()
	fmt.Fprintf(tw, "total\t%d\t%d\t%d\t%d\t%d\t\n", t.Read, t.Created, t.Matched, t.Archived, t.Rejected)
	_ = tw.Flush()
	if len(rep.Warnings) == 0 {
		fmt.Fprintln(w, "\nNo warnings.")
		return
	}
	fmt.Fprintf(w, "\n%d warning(s):\n", len(rep.Warnings))
	for _, wn := range rep.Warnings {
		fmt.Fprintf(w, "  - %s\n", strings.TrimSpace(wn.Message))
	}
}

// exportCmd is `baketracker export --tenant ID [-o FILE]`.
func (e *cmdEnv) exportCmd(ctx context.Context, args []string) error {
	fs := e.newFlags("export", "export --tenant ID [-o FILE]")
	tenantFlag := fs.String("tenant", "", "the tenant to export (its id)")
	out := fs.String("o", "", "write to FILE instead of standard output")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 0 {
		fs.Usage()
		return fmt.Errorf("export: unexpected argument %q", fs.Arg(0))
	}
	tenant, err := uuid.Parse(*tenantFlag)
	if err != nil {
		return fmt.Errorf("export: --tenant %q is not a tenant id (tenant create prints it)", *tenantFlag)
	}
	if *out != "" {
		if st, err := os.Stat(filepath.Dir(*out)); err != nil || !st.IsDir() {
			return fmt.Errorf("export: -o %s: its folder does not exist", *out)
		}
	}
	a, err := e.openApp(ctx, false, true)
	if err != nil {
		return err
	}
	defer a.close()
	im := a.importer
	if *out == "" {
		return im.Export(ctx, tenant, e.stdout)
	}
	// Write beside the target and rename, so a failed export never leaves
	// half a file where a good one was.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".export-*.json")
	if err != nil {
		return fmt.Errorf("export: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := im.Export(ctx, tenant, tmp); err != nil {
		_ = tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	fmt.Fprintf(e.stderr, "exported tenant %s to %s\n", tenant, *out)
	return nil
}
