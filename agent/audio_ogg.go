package agent

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
)

// oggOpus writes an Ogg Opus stream (RFC 7845): the OpusHead page, the
// OpusTags page, then the audio packets, whole, in pages of at most 255
// lacing segments, each page's granule position the 48 kHz sample count at
// its last packet's end.
type oggOpus struct {
	out     bytes.Buffer
	serial  uint32
	seq     uint32
	granule int64
	// the page being filled
	segments []byte
	body     []byte
}

// oggMaxPacket bounds one packet: an Opus packet is at most 120 ms, well
// under this; anything larger is not Opus.
const oggMaxPacket = 255 * 254

// oggOpusFile builds the file from the OpusHead header and packets.
func oggOpusFile(head []byte, packets [][]byte) ([]byte, error) {
	if len(packets) == 0 {
		return nil, errors.New("no audio packets")
	}
	w := &oggOpus{serial: 0x42616b65} // "Bake": one stream, any fixed serial will do
	w.page([][]byte{head}, 0x02, 0)
	w.page([][]byte{opusTags()}, 0, 0)
	for i, p := range packets {
		if len(p) == 0 || len(p) > oggMaxPacket {
			return nil, fmt.Errorf("packet %d: %d bytes is not an Opus packet", i, len(p))
		}
		n, err := opusSamples(p)
		if err != nil {
			return nil, fmt.Errorf("packet %d: %w", i, err)
		}
		lacing := len(p)/255 + 1
		if len(w.segments)+lacing > 255 {
			w.flush(0)
		}
		w.granule += int64(n)
		w.segments = append(w.segments, laces(len(p))...)
		w.body = append(w.body, p...)
	}
	w.flush(0x04)
	return w.out.Bytes(), nil
}

// page writes packets as one complete page.
func (w *oggOpus) page(packets [][]byte, flags byte, granule int64) {
	for _, p := range packets {
		w.segments = append(w.segments, laces(len(p))...)
		w.body = append(w.body, p...)
	}
	saved := w.granule
	w.granule = granule
	w.flush(flags)
	w.granule = saved
}

// flush writes the pending segments as a page with header flags
// (0x02 first, 0x04 last).
func (w *oggOpus) flush(flags byte) {
	start := w.out.Len()
	w.out.WriteString("OggS")
	w.out.WriteByte(0) // version
	w.out.WriteByte(flags)
	_ = binary.Write(&w.out, binary.LittleEndian, w.granule)
	_ = binary.Write(&w.out, binary.LittleEndian, w.serial)
	_ = binary.Write(&w.out, binary.LittleEndian, w.seq)
	w.out.Write([]byte{0, 0, 0, 0})        // CRC, filled below
	w.out.WriteByte(byte(len(w.segments))) //nolint:gosec // at most 255 segments
	w.out.Write(w.segments)
	w.out.Write(w.body)
	page := w.out.Bytes()[start:]
	binary.LittleEndian.PutUint32(page[22:26], oggCRC(page))
	w.seq++
	w.segments, w.body = w.segments[:0], w.body[:0]
}

// laces is the lacing values of one packet of n bytes: 255s, then the
// remainder (0 when n is a multiple of 255), which ends the packet.
func laces(n int) []byte {
	out := bytes.Repeat([]byte{255}, n/255)
	return append(out, byte(n%255)) //nolint:gosec // under 255
}

// opusTags is the comment header with our vendor string and no comments.
func opusTags() []byte {
	const vendor = "baketracker"
	b := []byte("OpusTags")
	b = binary.LittleEndian.AppendUint32(b, uint32(len(vendor)))
	b = append(b, vendor...)
	return binary.LittleEndian.AppendUint32(b, 0)
}

// opusHead builds the identification header (RFC 7845 §5.1) for a track
// that has no CodecPrivate.
func opusHead(channels byte, preSkip uint16, inputRate uint32) []byte {
	b := []byte("OpusHead")
	b = append(b, 1, channels)
	b = binary.LittleEndian.AppendUint16(b, preSkip)
	b = binary.LittleEndian.AppendUint32(b, inputRate)
	return append(b, 0, 0, 0) // output gain 0, channel mapping family 0
}

// validOpusHead checks the identification header's fixed fields.
func validOpusHead(h []byte) error {
	if len(h) < 19 || string(h[:8]) != "OpusHead" {
		return errors.New("the Opus header (OpusHead) is missing")
	}
	if h[8]>>4 != 0 || h[9] == 0 {
		return fmt.Errorf("OpusHead version %d with %d channels is not readable", h[8], h[9])
	}
	return nil
}

// opusSamples is the duration of one Opus packet in 48 kHz samples, from
// its TOC byte and frame count (RFC 6716 §3.1).
func opusSamples(p []byte) (int, error) {
	config := p[0] >> 3
	var frame int // in samples at 48 kHz
	switch {
	case config < 12: // SILK: 10, 20, 40, 60 ms
		frame = []int{480, 960, 1920, 2880}[config%4]
	case config < 16: // hybrid: 10, 20 ms
		frame = []int{480, 960}[config%2]
	default: // CELT: 2.5, 5, 10, 20 ms
		frame = []int{120, 240, 480, 960}[config%4]
	}
	frames := 1
	switch p[0] & 3 {
	case 1, 2:
		frames = 2
	case 3:
		if len(p) < 2 {
			return 0, errors.New("opus packet without its frame count")
		}
		frames = int(p[1] & 0x3f)
	}
	if n := frame * frames; frames > 0 && n <= 5760 {
		return n, nil
	}
	return 0, fmt.Errorf("opus packet of %d frames is longer than 120 ms", frames)
}

// oggCRC is the Ogg page checksum: CRC-32, polynomial 0x04c11db7, not
// reflected, initial value 0, over the page with its CRC field zero.
func oggCRC(page []byte) uint32 {
	var crc uint32
	for i, b := range page {
		if i >= 22 && i < 26 {
			b = 0
		}
		crc = crc<<8 ^ oggTable[byte(crc>>24)^b]
	}
	return crc
}

var oggTable = func() (t [256]uint32) {
	for i := range t {
		r := uint32(i) << 24
		for range 8 {
			if r&0x80000000 != 0 {
				r = r<<1 ^ 0x04c11db7
			} else {
				r <<= 1
			}
		}
		t[i] = r
	}
	return t
}()
