package agent

import "bytes"

// isWebM: an EBML header whose document type is webm or matroska.
func isWebM(b []byte) bool {
	id, size, n, err := ebmlElement(b)
	if err != nil || id != ebmlHeader || size < 0 || n+size > len(b) {
		return false
	}
	doc := ebmlChild(b[n:n+size], ebmlDocType)
	return doc == "webm" || doc == "matroska"
}

// isMP4Audio: an ISO BMFF file (leading ftyp) that is not a HEIF image.
func isMP4Audio(b []byte) bool {
	_, ok := ftypBrands(b)
	return ok && !isHEIF(b)
}

// isMP3: an ID3v2 tag or an MPEG audio frame sync with a layer set.
func isMP3(b []byte) bool {
	if bytes.HasPrefix(b, []byte("ID3")) {
		return true
	}
	return len(b) >= 2 && b[0] == 0xFF && b[1]&0xE0 == 0xE0 && b[1]>>1&3 != 0
}

// isADTS: an ADTS frame sync (layer 0), optionally after an ID3 tag.
func isADTS(b []byte) bool {
	if bytes.HasPrefix(b, []byte("ID3")) {
		return true
	}
	return len(b) >= 2 && b[0] == 0xFF && b[1]&0xF6 == 0xF0
}

// isAIFF: an IFF FORM of type AIFF or AIFC.
func isAIFF(b []byte) bool {
	return len(b) >= 12 && string(b[:4]) == "FORM" && (string(b[8:12]) == "AIFF" || string(b[8:12]) == "AIFC")
}
