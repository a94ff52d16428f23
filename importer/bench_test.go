package importer_test

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"

	"github.com/baketracker/baketracker/dbtest"
	"github.com/baketracker/baketracker/importer"
)

// benchImport imports data into a fresh tenant per iteration (tenant
// creation is not timed) and reports records per second.
func benchImport(b *testing.B, data []byte) {
	s := dbtest.Store(b)
	im := importer.New(s, nil)
	records := 0
	for b.Loop() {
		b.StopTimer()
		tn := dbtest.NewTenant(b, s)
		b.StartTimer()
		rep, err := im.Import(b.Context(), tn.ID, data, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		records = rep.Totals().Read
	}
	b.SetBytes(int64(len(data)))
	b.ReportMetric(float64(records), "records/op")
}

func BenchmarkImportMinSample(b *testing.B) {
	benchImport(b, sharedTestdata(b, "desktop-sample_data_min.json"))
}

// minSampleSize is the size of desktop-sample_data_min.json, the unit of
// the synthetic benchmark when the shared file is absent.
const minSampleSize = 20267

// BenchmarkImportSynthetic100x imports a generated backup 100 times the
// size of the min sample: every section, thousands of products and lots.
func BenchmarkImportSynthetic100x(b *testing.B) {
	size := minSampleSize
	_, file, _, _ := runtime.Caller(0)
	if fi, err := os.Stat(filepath.Join(filepath.Dir(file), "..", "..", "shared", "testdata", "desktop-sample_data_min.json")); err == nil {
		size = int(fi.Size())
	}
	data, copies := syntheticBackup(b, 100*size)
	b.Logf("synthetic file: %d bytes, %d copies of the full backup", len(data), copies)
	benchImport(b, data)
}

// BenchmarkReimportSynthetic100x measures a repeated import: everything
// matched, nothing written but the run.
func BenchmarkReimportSynthetic100x(b *testing.B) {
	data, _ := syntheticBackup(b, 100*minSampleSize)
	s := dbtest.Store(b)
	im := importer.New(s, nil)
	tn := dbtest.NewTenant(b, s)
	if _, err := im.Import(b.Context(), tn.ID, data, importer.Options{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := im.Import(b.Context(), tn.ID, data, importer.Options{}); err != nil {
			b.Fatal(err)
		}
	}
	b.SetBytes(int64(len(data)))
}
