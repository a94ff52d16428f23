package importer_test

import (
	"errors"
	"testing"

	"github.com/baketracker/baketracker/importer"
)

// FuzzDecode: any bytes decode to a recognised format or an error wrapping
// ErrUnrecognised — never a panic.
func FuzzDecode(f *testing.F) {
	for _, s := range []string{
		`{"version":"4.1","application":"bake-tracker","products":[]}`,
		`{"recipes":[{"name":"x"}]}`,
		`{"schema_version":"4.0","import_type":"purchases","purchases":[{"upc":"016000196100"}]}`,
		`{"import_type":"adjustments","adjustments":[]}`,
		`{"entity_type":"products","records":[]}`,
		`{"view_type":"x","_meta":{"editable_fields":[]}}`,
		`[]`, `null`, `{`, "\xef\xbb\xbf{}", `{"version": 4.2}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := importer.Decode(data)
		if err != nil {
			if !errors.Is(err, importer.ErrUnrecognised) {
				t.Fatalf("error %v does not wrap ErrUnrecognised", err)
			}
			return
		}
		if file.Format == "" || file.Top == nil {
			t.Fatalf("decoded without a format: %+v", file)
		}
		if file.Format.Mobile() && file.MobileList == "" {
			t.Fatalf("phone file without a record list: %+v", file)
		}
	})
}
