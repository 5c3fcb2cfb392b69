// Draws the toolbar icons (a white shield with a keyhole-like mark on deep blue) as PNGs with
// no dependencies: `node scripts/make-icons.mjs` writes public/icon/{16,32,48,128}.png, and the
// plain icon of discreet mode (three light lines on grey, like any notes tool) as
// public/icon/plain-{16,32,48,128}.png.
import { deflateSync } from 'node:zlib';
import { mkdirSync, writeFileSync } from 'node:fs';

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
};

// Coverage of a point in unit coordinates (0..1): 0 transparent, 1 background, 2 mark.
function shade(x, y) {
  const r = 0.18;
  const inside = (() => {
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
  })();
  if (!inside) return 0;
  // shield: top edge at 0.2, sides narrowing to a point at 0.86
  const top = 0.2;
  const bottom = 0.86;
  if (y >= top && y <= bottom) {
    const t = (y - top) / (bottom - top);
    const half = t < 0.45 ? 0.3 : 0.3 * (1 - (t - 0.45) / 0.55);
    if (Math.abs(x - 0.5) <= half) {
      // keyhole cut out of the shield
      const hole = (x - 0.5) ** 2 + (y - 0.43) ** 2 <= 0.075 ** 2 || (Math.abs(x - 0.5) <= 0.035 && y >= 0.43 && y <= 0.63);
      return hole ? 1 : 2;
    }
  }
  return 1;
}

// The discreet icon: a grey rounded square with three short light lines (0 / 1 / 2 as above).
function plainShade(x, y) {
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 0;
  const line = (top, right) => y >= top && y <= top + 0.1 && x >= 0.24 && x <= right;
  return line(0.27, 0.76) || line(0.45, 0.76) || line(0.63, 0.6) ? 2 : 1;
}

function icon(size, draw = shade, colour = [0x1d, 0x3a, 0x8a], markColour = [255, 255, 255]) {
  const ss = 4;
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let py = 0; py < size; py++) {
    raw[py * (size * 4 + 1)] = 0;
    for (let px = 0; px < size; px++) {
      let bg = 0, mark = 0;
      for (let sy = 0; sy < ss; sy++)
        for (let sx = 0; sx < ss; sx++) {
          const s = draw((px + (sx + 0.5) / ss) / size, (py + (sy + 0.5) / ss) / size);
          if (s === 1) bg++;
          if (s === 2) mark++;
        }
      const n = ss * ss;
      const a = (bg + mark) / n;
      const m = mark / Math.max(1, bg + mark);
      const o = py * (size * 4 + 1) + 1 + px * 4;
      raw[o] = Math.round(colour[0] + (markColour[0] - colour[0]) * m);
      raw[o + 1] = Math.round(colour[1] + (markColour[1] - colour[1]) * m);
      raw[o + 2] = Math.round(colour[2] + (markColour[2] - colour[2]) * m);
      raw[o + 3] = Math.round(255 * a);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8;
  ihdr[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

mkdirSync('public/icon', { recursive: true });
for (const size of [16, 32, 48, 128]) {
  writeFileSync(`public/icon/${size}.png`, icon(size));
  writeFileSync(`public/icon/plain-${size}.png`, icon(size, plainShade, [0x6b, 0x6f, 0x76], [0xe8, 0xea, 0xed]));
}
