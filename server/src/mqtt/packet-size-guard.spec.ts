import { PacketSizeGuard } from './packet-size-guard';

/** The MQTT variable byte integer (MQTT 3.1.1 §2.2.3). */
function remainingLength(value: number): number[] {
  const bytes: number[] = [];
  do {
    let byte = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) byte |= 0x80;
    bytes.push(byte);
  } while (value > 0);
  return bytes;
}

/** A QoS 1 PUBLISH of `bytes` payload bytes. */
function publish(bytes: number): Buffer {
  const topic = Buffer.from('ioc/devices/cam-1/events');
  const body = Buffer.concat([
    Buffer.from([topic.length >> 8, topic.length & 0xff]),
    topic,
    Buffer.from([0, 1]),
    Buffer.alloc(bytes, 0x61),
  ]);
  return Buffer.concat([Buffer.from([0x32, ...remainingLength(body.length)]), body]);
}

describe('PacketSizeGuard', () => {
  it('passes packets within the limit, however the stream is cut', () => {
    const stream = Buffer.concat([publish(100), publish(1000), publish(0), publish(3000)]);
    for (const size of [1, 2, 7, 1000, stream.length]) {
      const guard = new PacketSizeGuard(4096);
      for (let at = 0; at < stream.length; at += size)
        expect(guard.accept(stream.subarray(at, at + size))).toBe(true);
    }
  });

  it('refuses a packet larger than the limit from its header alone', () => {
    const guard = new PacketSizeGuard(64 * 1024);
    expect(guard.accept(publish(10))).toBe(true);
    // Only the first five bytes of a 10 MB PUBLISH: its length is already too much.
    expect(guard.accept(publish(10 * 1024 * 1024).subarray(0, 5))).toBe(false);
  });

  it('counts the header in the limit', () => {
    const packet = publish(100);
    expect(new PacketSizeGuard(packet.length).accept(packet)).toBe(true);
    expect(new PacketSizeGuard(packet.length - 1).accept(packet)).toBe(false);
  });

  it('refuses a remaining length of more than four bytes', () => {
    const guard = new PacketSizeGuard(512 * 1024 * 1024);
    expect(guard.accept(Buffer.from([0x30, 0x80, 0x80, 0x80, 0x80, 0x01]))).toBe(false);
  });
});
