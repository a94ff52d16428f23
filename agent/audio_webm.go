package agent

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// EBML element IDs the WebM reader needs (Matroska specification).
const (
	ebmlHeader     = 0x1A45DFA3
	ebmlDocType    = 0x4282
	mkvSegment     = 0x18538067
	mkvTracks      = 0x1654AE6B
	mkvTrackEntry  = 0xAE
	mkvTrackNumber = 0xD7
	mkvTrackType   = 0x83
	mkvCodecID     = 0x86
	mkvCodecPriv   = 0x63A2
	mkvCodecDelay  = 0x56AA
	mkvCluster     = 0x1F43B675
	mkvSimpleBlock = 0xA3
	mkvBlockGroup  = 0xA0
	mkvBlock       = 0xA1
)

// transparent are the master elements read in place: their children follow
// them in the same scan, so an unknown size (a live browser recording
// writes the Segment and each Cluster so) needs no end.
var transparent = map[uint32]bool{mkvSegment: true, mkvTracks: true, mkvTrackEntry: true, mkvCluster: true, mkvBlockGroup: true}

type webmTrack struct {
	number  uint64
	kind    uint64
	codec   string
	private []byte
	delayNS uint64
}

// webmOpusToOgg remuxes the first Opus audio track of a WebM (Matroska)
// file into Ogg Opus: the packets are copied, not decoded.
func webmOpusToOgg(data []byte) ([]byte, error) {
	tracks, blocks, err := readWebM(data)
	if err != nil {
		return nil, fmt.Errorf("webm: %w", err)
	}
	var opus *webmTrack
	for i := range tracks {
		if tracks[i].kind == 2 && tracks[i].codec == "A_OPUS" {
			opus = &tracks[i]
			break
		}
	}
	if opus == nil {
		return nil, errors.New("webm: no Opus audio track")
	}
	head := opus.private
	if head == nil {
		// 48 kHz samples of codec delay are Opus's pre-skip.
		head = opusHead(1, uint16(min(opus.delayNS*48/1_000_000, 0xffff)), 48000)
	}
	if err := validOpusHead(head); err != nil {
		return nil, fmt.Errorf("webm: %w", err)
	}
	var packets [][]byte
	for _, b := range blocks {
		if b.track == opus.number {
			packets = append(packets, b.frames...)
		}
	}
	out, err := oggOpusFile(head, packets)
	if err != nil {
		return nil, fmt.Errorf("webm: %w", err)
	}
	return out, nil
}

type webmBlock struct {
	track  uint64
	frames [][]byte
}

// readWebM scans the file's elements once, collecting track entries and
// the frames of every block.
func readWebM(data []byte) ([]webmTrack, []webmBlock, error) {
	id, size, n, err := ebmlElement(data)
	if err != nil || id != ebmlHeader || size < 0 || n+size > len(data) {
		return nil, nil, errors.New("not an EBML file")
	}
	if doc := ebmlChild(data[n:n+size], ebmlDocType); doc != "webm" && doc != "matroska" {
		return nil, nil, fmt.Errorf("document type %q is not webm", doc)
	}
	var tracks []webmTrack
	var blocks []webmBlock
	for pos := n + size; pos < len(data); {
		id, size, n, err := ebmlElement(data[pos:])
		if err != nil {
			return nil, nil, fmt.Errorf("at byte %d: %w", pos, err)
		}
		pos += n
		if transparent[id] {
			if id == mkvTrackEntry {
				tracks = append(tracks, webmTrack{})
			}
			continue
		}
		if size < 0 {
			return nil, nil, fmt.Errorf("element %x at byte %d has an unknown size", id, pos)
		}
		if size > len(data)-pos {
			// A recording cut short ends in a partial block: keep the
			// frames before it.
			if id == mkvSimpleBlock || id == mkvBlock {
				break
			}
			return nil, nil, fmt.Errorf("element %x at byte %d runs past the end", id, pos)
		}
		body := data[pos : pos+size]
		pos += size
		switch id {
		case mkvSimpleBlock, mkvBlock:
			b, err := webmFrames(body)
			if err != nil {
				return nil, nil, fmt.Errorf("block at byte %d: %w", pos-size, err)
			}
			blocks = append(blocks, b)
		case mkvTrackNumber, mkvTrackType, mkvCodecID, mkvCodecPriv, mkvCodecDelay:
			if len(tracks) == 0 {
				return nil, nil, errors.New("track field outside a track entry")
			}
			setTrackField(&tracks[len(tracks)-1], id, body)
		}
	}
	return tracks, blocks, nil
}

func setTrackField(t *webmTrack, id uint32, body []byte) {
	switch id {
	case mkvTrackNumber:
		t.number = ebmlUint(body)
	case mkvTrackType:
		t.kind = ebmlUint(body)
	case mkvCodecID:
		t.codec = string(body)
	case mkvCodecPriv:
		t.private = body
	case mkvCodecDelay:
		t.delayNS = ebmlUint(body)
	}
}

// webmFrames splits a (Simple)Block: track number, 16-bit timecode, flags,
// then one frame or several laced (Xiph, fixed-size or EBML lacing).
func webmFrames(b []byte) (webmBlock, error) {
	track, n, err := ebmlVint(b, true)
	if err != nil || len(b) < n+3 {
		return webmBlock{}, errors.New("short block header")
	}
	flags := b[n+2]
	b = b[n+3:]
	lacing := flags >> 1 & 3
	if lacing == 0 {
		return webmBlock{track: track, frames: [][]byte{b}}, nil
	}
	if len(b) < 1 {
		return webmBlock{}, errors.New("laced block without a frame count")
	}
	count := int(b[0]) + 1
	b = b[1:]
	sizes := make([]int, count-1)
	switch lacing {
	case 1: // Xiph: each size as a run of 255s and a last byte
		for i := range sizes {
			for {
				if len(b) == 0 {
					return webmBlock{}, errors.New("xiph lacing runs past the block")
				}
				c := b[0]
				b = b[1:]
				sizes[i] += int(c)
				if c < 255 {
					break
				}
			}
		}
	case 2: // fixed: equal sizes
		if len(b)%count != 0 {
			return webmBlock{}, errors.New("fixed lacing does not divide the block")
		}
		for i := range sizes {
			sizes[i] = len(b) / count
		}
	case 3: // EBML: the first size, then signed differences
		first, n, err := ebmlVint(b, true)
		if err != nil || first > uint64(len(b)) {
			return webmBlock{}, errors.New("bad EBML lacing")
		}
		b = b[n:]
		size := int(first) //nolint:gosec // first <= len(b)
		if len(sizes) > 0 {
			sizes[0] = size
		}
		for i := 1; i < len(sizes); i++ {
			raw, n, err := ebmlVint(b, true)
			if err != nil {
				return webmBlock{}, errors.New("bad EBML lacing")
			}
			b = b[n:]
			size += int(raw) - (1<<(7*n-1) - 1) //nolint:gosec // raw < 2^56
			if size < 0 || size > len(b) {
				return webmBlock{}, errors.New("bad EBML lacing")
			}
			sizes[i] = size
		}
	}
	frames := make([][]byte, 0, count)
	for _, s := range sizes {
		if s < 0 || s > len(b) {
			return webmBlock{}, errors.New("laced frame runs past the block")
		}
		frames = append(frames, b[:s])
		b = b[s:]
	}
	return webmBlock{track: track, frames: append(frames, b)}, nil
}

// ebmlElement reads an element header: ID (with its marker bits), data
// size (-1 when unknown) and the header's length.
func ebmlElement(b []byte) (id uint32, size, n int, err error) {
	raw, idLen, err := ebmlVint(b, false)
	if err != nil || idLen > 4 {
		return 0, 0, 0, errors.New("bad element ID")
	}
	sz, szLen, err := ebmlVint(b[idLen:], true)
	if err != nil {
		return 0, 0, 0, errors.New("bad element size")
	}
	size = int(sz) //nolint:gosec // checked below
	if sz == 1<<(7*szLen)-1 {
		size = -1 // all ones: unknown
	} else if sz > 1<<40 {
		return 0, 0, 0, errors.New("element size too large")
	}
	return uint32(raw), size, idLen + szLen, nil //nolint:gosec // idLen <= 4
}

// ebmlVint reads a variable-length integer; strip removes the length
// marker (sizes and track numbers) or keeps it (element IDs).
func ebmlVint(b []byte, strip bool) (uint64, int, error) {
	if len(b) == 0 || b[0] == 0 {
		return 0, 0, errors.New("bad variable-length integer")
	}
	n := 1
	for mask := byte(0x80); b[0]&mask == 0; mask >>= 1 {
		n++
	}
	if n > 8 || len(b) < n {
		return 0, 0, errors.New("variable-length integer runs past the end")
	}
	v := uint64(b[0])
	if strip {
		v &= 0xff >> n
	}
	for _, c := range b[1:n] {
		v = v<<8 | uint64(c)
	}
	return v, n, nil
}

// ebmlChild returns the string value of the first child with id.
func ebmlChild(b []byte, want uint32) string {
	for len(b) > 0 {
		id, size, n, err := ebmlElement(b)
		if err != nil || size < 0 || n+size > len(b) {
			return ""
		}
		if id == want {
			return string(b[n : n+size])
		}
		b = b[n+size:]
	}
	return ""
}

func ebmlUint(b []byte) uint64 {
	if len(b) > 8 {
		return 0
	}
	var buf [8]byte
	copy(buf[8-len(b):], b)
	return binary.BigEndian.Uint64(buf[:])
}
