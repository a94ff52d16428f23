package agent_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
)

// oggPage is one page of an Ogg stream as the checker read it.
type oggPage struct {
	flags   byte
	granule int64
	seq     uint32
	packets [][]byte // packets that end on this page
}

// readOgg checks an Ogg stream page by page: the OggS capture pattern,
// version 0, one serial, consecutive sequence numbers, a valid CRC, first
// page BOS and last page EOS, lacing that accounts for every byte. It
// returns the pages; packets are not split across pages by our writer,
// and the checker refuses any continued packet so that stays true.
func readOgg(b []byte) ([]oggPage, error) {
	var pages []oggPage
	var serial uint32
	for pos := 0; pos < len(b); {
		if len(b)-pos < 27 || string(b[pos:pos+4]) != "OggS" || b[pos+4] != 0 {
			return nil, fmt.Errorf("page %d at byte %d: no OggS capture pattern", len(pages), pos)
		}
		h := b[pos:]
		p := oggPage{flags: h[5], granule: int64(binary.LittleEndian.Uint64(h[6:])), seq: binary.LittleEndian.Uint32(h[18:])}
		if s := binary.LittleEndian.Uint32(h[14:]); len(pages) == 0 {
			serial = s
		} else if s != serial {
			return nil, fmt.Errorf("page %d: serial %x, want %x", len(pages), s, serial)
		}
		if p.seq != uint32(len(pages)) {
			return nil, fmt.Errorf("page %d has sequence number %d", len(pages), p.seq)
		}
		n := int(h[26])
		if len(h) < 27+n {
			return nil, fmt.Errorf("page %d: lacing table runs past the end", len(pages))
		}
		body := 0
		for _, l := range h[27 : 27+n] {
			body += int(l)
		}
		end := 27 + n + body
		if len(h) < end {
			return nil, fmt.Errorf("page %d: body runs past the end", len(pages))
		}
		if want, got := oggChecksum(h[:end]), binary.LittleEndian.Uint32(h[22:]); want != got {
			return nil, fmt.Errorf("page %d: CRC %08x, want %08x", len(pages), got, want)
		}
		if p.flags&1 != 0 {
			return nil, fmt.Errorf("page %d continues a packet", len(pages))
		}
		data, size := h[27+n:end], 0
		for i, l := range h[27 : 27+n] {
			size += int(l)
			if l < 255 {
				p.packets = append(p.packets, data[:size])
				data, size = data[size:], 0
			} else if i == n-1 {
				return nil, fmt.Errorf("page %d ends inside a packet", len(pages))
			}
		}
		pages = append(pages, p)
		pos += end
	}
	if len(pages) < 3 || pages[0].flags != 2 || pages[len(pages)-1].flags&4 == 0 {
		return nil, fmt.Errorf("%d pages; want BOS first, EOS last and audio between", len(pages))
	}
	return pages, nil
}

// oggChecksum is the Ogg CRC written independently of the package's:
// bitwise, polynomial 0x04c11db7, over the page with the CRC field zero.
func oggChecksum(page []byte) uint32 {
	var crc uint32
	for i, c := range page {
		if i >= 22 && i < 26 {
			c = 0
		}
		crc ^= uint32(c) << 24
		for range 8 {
			if crc&0x80000000 != 0 {
				crc = crc<<1 ^ 0x04c11db7
			} else {
				crc <<= 1
			}
		}
	}
	return crc
}

// checkOggOpus checks an Ogg Opus file (RFC 7845): OpusHead alone on the
// first page, OpusTags on the second, audio after, granules not
// decreasing. It returns the number of audio packets.
func checkOggOpus(b []byte) (int, error) {
	pages, err := readOgg(b)
	if err != nil {
		return 0, err
	}
	if len(pages[0].packets) != 1 || !bytes.HasPrefix(pages[0].packets[0], []byte("OpusHead")) {
		return 0, fmt.Errorf("first page is not the OpusHead header")
	}
	if len(pages[1].packets) != 1 || !bytes.HasPrefix(pages[1].packets[0], []byte("OpusTags")) {
		return 0, fmt.Errorf("second page is not the OpusTags header")
	}
	packets, last := 0, int64(0)
	for i, p := range pages[2:] {
		if p.granule < last {
			return 0, fmt.Errorf("audio page %d: granule %d after %d", i, p.granule, last)
		}
		last = p.granule
		packets += len(p.packets)
	}
	if last == 0 {
		return 0, fmt.Errorf("the audio pages hold no samples")
	}
	return packets, nil
}

// checkADTS walks an ADTS stream frame by frame: every frame starts with
// the 12-bit sync word, MPEG-4, layer 0, and its length leads exactly to
// the next. It returns the frame count and the first header's fields.
func checkADTS(b []byte) (frames int, profile, freq, channels byte, err error) {
	for pos := 0; pos < len(b); frames++ {
		h := b[pos:]
		if len(h) < 7 || h[0] != 0xFF || h[1]&0xF0 != 0xF0 || h[1]&0x0E != 0 {
			return 0, 0, 0, 0, fmt.Errorf("frame %d at byte %d: no ADTS sync word", frames, pos)
		}
		n := int(h[3]&3)<<11 | int(h[4])<<3 | int(h[5]>>5)
		head := 7
		if h[1]&1 == 0 {
			head = 9 // with CRC
		}
		if n <= head || n > len(h) {
			return 0, 0, 0, 0, fmt.Errorf("frame %d: length %d with %d bytes left", frames, n, len(h))
		}
		if frames == 0 {
			profile, freq, channels = h[2]>>6, h[2]>>2&0xF, h[2]&1<<2|h[3]>>6
		}
		pos += n
	}
	if frames == 0 {
		return 0, 0, 0, 0, fmt.Errorf("no ADTS frames")
	}
	return frames, profile, freq, channels, nil
}
