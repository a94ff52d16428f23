package agent

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// mp4Box is one ISO BMFF box: its type, its payload, where the box starts
// in the file (fragment data offsets count from there) and where its
// payload starts.
type mp4Box struct {
	kind      string
	body      []byte
	start, at int
}

// mp4Boxes splits b into boxes; base is b's offset in the file.
func mp4Boxes(b []byte, base int) ([]mp4Box, error) {
	var out []mp4Box
	for pos := 0; pos < len(b); {
		if len(b)-pos < 8 {
			return nil, fmt.Errorf("box header at byte %d runs past the end", base+pos)
		}
		size := uint64(binary.BigEndian.Uint32(b[pos:]))
		kind := string(b[pos+4 : pos+8])
		head := 8
		switch size {
		case 0: // to the end of the file
			size = uint64(len(b) - pos)
		case 1:
			if len(b)-pos < 16 {
				return nil, fmt.Errorf("box %q at byte %d: short large size", kind, base+pos)
			}
			size, head = binary.BigEndian.Uint64(b[pos+8:]), 16
		}
		if size < uint64(head) || size > uint64(len(b)-pos) {
			return nil, fmt.Errorf("box %q at byte %d: size %d runs past the end", kind, base+pos, size)
		}
		out = append(out, mp4Box{kind: kind, body: b[pos+head : pos+int(size)], start: base + pos, at: base + pos + head}) //nolint:gosec // size <= len(b)
		pos += int(size)                                                                                                   //nolint:gosec // size <= len(b)
	}
	return out, nil
}

// mp4Path finds the first box at a slash-separated path of box types.
func mp4Path(boxes []mp4Box, path string) (mp4Box, bool) {
	head, rest, _ := strings.Cut(path, "/")
	for _, b := range boxes {
		if b.kind != head {
			continue
		}
		if rest == "" {
			return b, true
		}
		children, err := mp4Boxes(b.body, b.at)
		if err != nil {
			return mp4Box{}, false
		}
		if found, ok := mp4Path(children, rest); ok {
			return found, true
		}
	}
	return mp4Box{}, false
}

// aacTrack is what ADTS headers need of an AAC track, and its samples.
type aacTrack struct {
	id                     uint32
	profile, freq, channel byte // ADTS fields: object type - 1, frequency index, channel configuration
	defaultSize            uint32
	samples                [][]byte
	total                  int // bytes in samples
}

// add keeps one AAC access unit. An empty one is not AAC, and samples
// that add up to more than the file are tables pointing at the same bytes
// again and again: refused before they cost memory.
func (tr *aacTrack) add(file, sample []byte) error {
	if len(sample) == 0 {
		return errors.New("empty AAC sample")
	}
	if tr.total += len(sample); tr.total > len(file) {
		return errors.New("the sample tables describe more audio than the file holds")
	}
	tr.samples = append(tr.samples, sample)
	return nil
}

// mp4AACToADTS extracts the AAC audio track of an MP4 (M4A) file, plain
// or fragmented, as an ADTS stream: each access unit behind a 7-byte
// header. The audio is copied, not decoded.
func mp4AACToADTS(data []byte) ([]byte, error) {
	top, err := mp4Boxes(data, 0)
	if err != nil {
		return nil, fmt.Errorf("mp4: %w", err)
	}
	moov, ok := mp4Path(top, "moov")
	if !ok {
		return nil, errors.New("mp4: no movie header (moov)")
	}
	tr, err := soundTrack(data, moov)
	if err != nil {
		return nil, fmt.Errorf("mp4: %w", err)
	}
	for _, b := range top {
		if b.kind == "moof" {
			if err := tr.fragment(data, b); err != nil {
				return nil, fmt.Errorf("mp4: fragment at byte %d: %w", b.start, err)
			}
		}
	}
	if len(tr.samples) == 0 {
		return nil, errors.New("mp4: the audio track has no samples")
	}
	var out []byte
	for i, s := range tr.samples {
		n := len(s) + 7
		if n >= 1<<13 {
			return nil, fmt.Errorf("mp4: sample %d of %d bytes does not fit an ADTS frame", i, len(s))
		}
		out = append(out, 0xFF, 0xF1, // sync, MPEG-4, layer 0, no CRC
			tr.profile<<6|tr.freq<<2|tr.channel>>2,
			tr.channel&3<<6|byte(n>>11),
			byte(n>>3),              //nolint:gosec // n < 1<<13
			byte(n&7)<<5|0x1F, 0xFC) // buffer fullness 0x7FF (variable), one raw block
		out = append(out, s...)
	}
	return out, nil
}

// soundTrack finds the first sound track whose sample description is AAC
// and reads its plain (non-fragmented) samples.
func soundTrack(file []byte, moov mp4Box) (*aacTrack, error) {
	boxes, err := mp4Boxes(moov.body, moov.at)
	if err != nil {
		return nil, err
	}
	var defaults = map[uint32]uint32{} // trex: track ID → default sample size
	if mvex, ok := mp4Path(boxes, "mvex"); ok {
		children, _ := mp4Boxes(mvex.body, mvex.at)
		for _, c := range children {
			if c.kind == "trex" && len(c.body) >= 24 {
				defaults[binary.BigEndian.Uint32(c.body[4:])] = binary.BigEndian.Uint32(c.body[16:])
			}
		}
	}
	for _, trak := range boxes {
		if trak.kind != "trak" {
			continue
		}
		kids, err := mp4Boxes(trak.body, trak.at)
		if err != nil {
			return nil, err
		}
		hdlr, ok := mp4Path(kids, "mdia/hdlr")
		if !ok || len(hdlr.body) < 12 || string(hdlr.body[8:12]) != "soun" {
			continue
		}
		stbl, ok := mp4Path(kids, "mdia/minf/stbl")
		tkhd, ok2 := mp4Path(kids, "tkhd")
		if !ok || !ok2 {
			return nil, errors.New("sound track without a sample table")
		}
		tr := &aacTrack{}
		if tr.id, err = trackID(tkhd.body); err != nil {
			return nil, err
		}
		tr.defaultSize = defaults[tr.id]
		tables, err := mp4Boxes(stbl.body, stbl.at)
		if err != nil {
			return nil, err
		}
		if err := tr.describe(tables); err != nil {
			return nil, err
		}
		return tr, tr.plainSamples(file, tables)
	}
	return nil, errors.New("no sound track")
}

func trackID(tkhd []byte) (uint32, error) {
	switch {
	case len(tkhd) >= 24 && tkhd[0] == 1:
		return binary.BigEndian.Uint32(tkhd[20:]), nil
	case len(tkhd) >= 16 && tkhd[0] == 0:
		return binary.BigEndian.Uint32(tkhd[12:]), nil
	}
	return 0, errors.New("short track header")
}

// describe reads the mp4a sample entry's AudioSpecificConfig (in esds).
func (tr *aacTrack) describe(tables []mp4Box) error {
	stsd, ok := mp4Path(tables, "stsd")
	if !ok || len(stsd.body) < 8 {
		return errors.New("no sample description")
	}
	entries, err := mp4Boxes(stsd.body[8:], stsd.at+8)
	if err != nil || len(entries) == 0 {
		return errors.New("bad sample description")
	}
	e := entries[0]
	if e.kind != "mp4a" || len(e.body) < 28 {
		return fmt.Errorf("the audio is %q, not AAC (mp4a)", e.kind)
	}
	children, err := mp4Boxes(e.body[28:], e.at+28)
	if err != nil {
		return err
	}
	esds, ok := mp4Path(children, "esds")
	if !ok || len(esds.body) < 4 {
		return errors.New("AAC without a decoder configuration (esds)")
	}
	asc, err := decoderSpecificInfo(esds.body[4:])
	if err != nil {
		return err
	}
	return tr.audioSpecificConfig(asc)
}

// decoderSpecificInfo walks the MPEG-4 descriptors ES (3) → decoder
// config (4) → decoder specific info (5) of an esds box.
func decoderSpecificInfo(b []byte) ([]byte, error) {
	for _, want := range []byte{3, 4, 5} {
		tag, body, err := mp4Descriptor(b)
		if err != nil || tag != want {
			return nil, fmt.Errorf("esds: descriptor %d missing", want)
		}
		switch want {
		case 3: // ES_ID, flags, and optional fields the flags announce
			if len(body) < 3 {
				return nil, errors.New("esds: short ES descriptor")
			}
			flags, skip := body[2], 3
			if flags&0x80 != 0 {
				skip += 2
			}
			if flags&0x40 != 0 {
				if len(body) <= skip {
					return nil, errors.New("esds: short ES descriptor")
				}
				skip += 1 + int(body[skip])
			}
			if flags&0x20 != 0 {
				skip += 2
			}
			if len(body) < skip {
				return nil, errors.New("esds: short ES descriptor")
			}
			b = body[skip:]
		case 4: // object type, stream type, buffer size, bitrates: 13 bytes
			if len(body) < 13 || body[0] != 0x40 {
				return nil, errors.New("esds: the decoder is not MPEG-4 audio")
			}
			b = body[13:]
		case 5:
			return body, nil
		}
	}
	return nil, errors.New("esds: unreachable")
}

// mp4Descriptor reads a tag and its body (length in up to four 7-bit bytes).
func mp4Descriptor(b []byte) (byte, []byte, error) {
	if len(b) < 2 {
		return 0, nil, errors.New("short descriptor")
	}
	tag, n, i := b[0], 0, 1
	for ; i <= 4 && i < len(b); i++ {
		n = n<<7 | int(b[i]&0x7f)
		if b[i]&0x80 == 0 {
			break
		}
	}
	i++
	if i > len(b) || n > len(b)-i {
		return 0, nil, errors.New("descriptor runs past the end")
	}
	return tag, b[i : i+n], nil
}

// audioSpecificConfig reads object type, frequency index and channels
// (ISO 14496-3 §1.6.2.1). HE-AAC (SBR, PS) is sent as its AAC-LC core,
// which decoders extend implicitly.
func (tr *aacTrack) audioSpecificConfig(asc []byte) error {
	r := bitReader{b: asc}
	aot := r.objectType()
	freq := r.bits(4)
	if freq == 15 {
		r.bits(24)
	}
	channels := r.bits(4)
	if aot == 5 || aot == 29 {
		if ext := r.bits(4); ext == 15 {
			r.bits(24)
		}
		aot = r.objectType()
	}
	switch {
	case r.short:
		return errors.New("short AudioSpecificConfig")
	case aot < 1 || aot > 4:
		return fmt.Errorf("AAC object type %d cannot be carried in ADTS", aot)
	case freq > 12:
		return errors.New("AAC with an explicit sampling rate cannot be carried in ADTS")
	case channels == 0 || channels > 7:
		return fmt.Errorf("AAC channel configuration %d cannot be carried in ADTS", channels)
	}
	tr.profile, tr.freq, tr.channel = byte(aot-1), byte(freq), byte(channels)
	return nil
}

// plainSamples reads the samples of a non-fragmented track: sizes (stsz),
// chunks (stsc) and chunk offsets (stco or co64).
func (tr *aacTrack) plainSamples(file []byte, tables []mp4Box) error {
	stsz, ok := mp4Path(tables, "stsz")
	if !ok || len(stsz.body) < 12 {
		return nil // fragmented files may have no sample size table
	}
	fixed := binary.BigEndian.Uint32(stsz.body[4:])
	count := int(binary.BigEndian.Uint32(stsz.body[8:]))
	if count == 0 {
		return nil
	}
	if fixed == 0 && len(stsz.body) < 12+4*count || count > 1<<20 {
		return errors.New("short sample size table")
	}
	size := func(i int) int {
		if fixed != 0 {
			return int(fixed)
		}
		return int(binary.BigEndian.Uint32(stsz.body[12+4*i:]))
	}
	offsets, err := chunkOffsets(tables)
	if err != nil {
		return err
	}
	stsc, ok := mp4Path(tables, "stsc")
	if !ok || len(stsc.body) < 8 {
		return errors.New("no sample-to-chunk table")
	}
	runs := int(binary.BigEndian.Uint32(stsc.body[4:]))
	if runs == 0 || len(stsc.body) < 8+12*runs {
		return errors.New("short sample-to-chunk table")
	}
	sample := 0
	for r := range runs {
		first := int(binary.BigEndian.Uint32(stsc.body[8+12*r:]))
		per := int(binary.BigEndian.Uint32(stsc.body[12+12*r:]))
		last := len(offsets) + 1
		if r+1 < runs {
			last = int(binary.BigEndian.Uint32(stsc.body[8+12*(r+1):]))
		}
		if first < 1 || last < first || last > len(offsets)+1 || per > count {
			return errors.New("bad sample-to-chunk table")
		}
		for chunk := first; chunk < last && sample < count; chunk++ {
			pos := offsets[chunk-1]
			for k := 0; k < per && sample < count; k++ {
				n := size(sample)
				if pos < 0 || n < 0 || pos > len(file) || n > len(file)-pos {
					return fmt.Errorf("sample %d lies outside the file", sample)
				}
				if err := tr.add(file, file[pos:pos+n]); err != nil {
					return err
				}
				pos += n
				sample++
			}
		}
	}
	if sample != count {
		return fmt.Errorf("the chunk tables hold %d of %d samples", sample, count)
	}
	return nil
}

func chunkOffsets(tables []mp4Box) ([]int, error) {
	if b, ok := mp4Path(tables, "stco"); ok && len(b.body) >= 8 {
		n := int(binary.BigEndian.Uint32(b.body[4:]))
		if n > 1<<20 || len(b.body) < 8+4*n {
			return nil, errors.New("short chunk offset table")
		}
		out := make([]int, n)
		for i := range out {
			out[i] = int(binary.BigEndian.Uint32(b.body[8+4*i:]))
		}
		return out, nil
	}
	if b, ok := mp4Path(tables, "co64"); ok && len(b.body) >= 8 {
		n := int(binary.BigEndian.Uint32(b.body[4:]))
		if n > 1<<20 || len(b.body) < 8+8*n {
			return nil, errors.New("short chunk offset table")
		}
		out := make([]int, n)
		for i := range out {
			v := binary.BigEndian.Uint64(b.body[8+8*i:])
			if v > 1<<40 {
				return nil, errors.New("chunk offset beyond any upload")
			}
			out[i] = int(v)
		}
		return out, nil
	}
	return nil, errors.New("no chunk offset table")
}
