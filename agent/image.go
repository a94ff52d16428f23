package agent

import (
	"bytes"
	"encoding/binary"
)

// magic recognises a format by its first bytes.
func magic(prefix string) func([]byte) bool {
	return func(b []byte) bool { return bytes.HasPrefix(b, []byte(prefix)) }
}

// riff recognises a RIFF container of form (WAVE, WEBP).
func riff(form string) func([]byte) bool {
	return func(b []byte) bool { return len(b) >= 12 && string(b[:4]) == "RIFF" && string(b[8:12]) == form }
}

// heifBrands are the ftyp brands of HEIF still images and sequences
// (ISO/IEC 23008-12), HEVC-coded or generic. AVIF (brand avif) is not
// among the types Gemini documents.
var heifBrands = map[string]bool{"heic": true, "heix": true, "hevc": true, "hevx": true,
	"heim": true, "heis": true, "hevm": true, "hevs": true, "mif1": true, "msf1": true}

// isHEIF: an ISO BMFF file whose ftyp box names a HEIF brand, as major or
// compatible brand. HEIC and HEIF are one container, so either declared
// type accepts either brand.
func isHEIF(b []byte) bool {
	brands, ok := ftypBrands(b)
	if !ok {
		return false
	}
	for _, br := range brands {
		if heifBrands[br] {
			return true
		}
	}
	return false
}

// ftypBrands returns the major and compatible brands of a leading ftyp box.
func ftypBrands(b []byte) ([]string, bool) {
	if len(b) < 16 || string(b[4:8]) != "ftyp" {
		return nil, false
	}
	size := int(binary.BigEndian.Uint32(b))
	if size < 16 || size > len(b) || size > 4096 {
		return nil, false
	}
	brands := []string{string(b[8:12])}
	for i := 16; i+4 <= size; i += 4 {
		brands = append(brands, string(b[i:i+4]))
	}
	return brands, true
}
