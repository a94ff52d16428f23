package agent

import (
	"encoding/binary"
	"errors"
	"fmt"
)

// fragment appends the samples of this track in one movie fragment (moof):
// each traf's header (tfhd) and runs (trun), with the data in the mdat
// that follows, offsets counted from the moof unless a base is given.
func (tr *aacTrack) fragment(file []byte, moof mp4Box) error {
	kids, err := mp4Boxes(moof.body, moof.at)
	if err != nil {
		return err
	}
	for _, traf := range kids {
		if traf.kind != "traf" {
			continue
		}
		parts, err := mp4Boxes(traf.body, traf.at)
		if err != nil {
			return err
		}
		tfhd, ok := mp4Path(parts, "tfhd")
		if !ok || len(tfhd.body) < 8 {
			return errors.New("track fragment without a header")
		}
		flags := binary.BigEndian.Uint32(tfhd.body) & 0xffffff
		if binary.BigEndian.Uint32(tfhd.body[4:]) != tr.id {
			continue
		}
		r := bitReader{b: tfhd.body[8:]}
		base := uint64(moof.start) //nolint:gosec // an offset in the file
		if flags&0x1 != 0 {
			base = r.u64()
		}
		if flags&0x2 != 0 {
			r.bits(32)
		}
		if flags&0x8 != 0 {
			r.bits(32)
		}
		defSize := tr.defaultSize
		if flags&0x10 != 0 {
			defSize = uint32(r.bits(32)) //nolint:gosec // 32 bits
		}
		if r.short {
			return errors.New("short track fragment header")
		}
		for _, run := range parts {
			if run.kind == "trun" {
				if err := tr.run(file, run.body, base, defSize); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// run reads one track run's samples.
func (tr *aacTrack) run(file, b []byte, base uint64, defSize uint32) error {
	r := bitReader{b: b}
	flags := r.bits(32) & 0xffffff
	count := r.bits(32)
	pos := base
	if flags&0x1 != 0 {
		pos = base + uint64(int64(int32(r.bits(32)))) //nolint:gosec // a signed offset, checked against the file below
	}
	if flags&0x4 != 0 {
		r.bits(32)
	}
	if count > 1<<20 {
		return errors.New("track run too long")
	}
	for i := uint64(0); i < count; i++ {
		if flags&0x100 != 0 {
			r.bits(32)
		}
		size := uint64(defSize)
		if flags&0x200 != 0 {
			size = r.bits(32)
		}
		if flags&0x400 != 0 {
			r.bits(32)
		}
		if flags&0x800 != 0 {
			r.bits(32)
		}
		if r.short {
			return errors.New("short track run")
		}
		if pos > uint64(len(file)) || size > uint64(len(file))-pos {
			return fmt.Errorf("sample %d of a run lies outside the file", i)
		}
		if err := tr.add(file, file[pos:pos+size]); err != nil {
			return err
		}
		pos += size
	}
	return nil
}

// bitReader reads big-endian bit fields; reading past the end sets short.
type bitReader struct {
	b     []byte
	pos   int // in bits
	short bool
}

func (r *bitReader) bits(n int) uint64 {
	var v uint64
	for range n {
		if r.pos >= 8*len(r.b) {
			r.short = true
			return 0
		}
		v = v<<1 | uint64(r.b[r.pos/8]>>(7-r.pos%8)&1)
		r.pos++
	}
	return v
}

func (r *bitReader) u64() uint64 { return r.bits(64) }

// objectType reads an audio object type (5 bits, 31 escaping to 6 more).
func (r *bitReader) objectType() uint64 {
	if t := r.bits(5); t != 31 {
		return t
	}
	return 32 + r.bits(6)
}
