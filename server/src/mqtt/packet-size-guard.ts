/**
 * Follows the MQTT framing of a byte stream (fixed header: a type byte, then the remaining
 * length as a variable byte integer) and says no as soon as a header announces a packet
 * larger than the limit: before its body is read, so an oversized PUBLISH is never
 * buffered (mqtt-packet would hold up to 256 MiB waiting for the whole packet).
 */
export class PacketSizeGuard {
  private state: 'type' | 'length' | 'body' = 'type';
  private length = 0;
  private multiplier = 1;
  private lengthBytes = 0;
  private bodyLeft = 0;

  /** `maxBytes`: the largest whole packet (header included). */
  constructor(private readonly maxBytes: number) {}

  /** Reads a chunk; false once a packet is too large or its header is malformed. */
  accept(chunk: Uint8Array): boolean {
    let at = 0;
    while (at < chunk.length) {
      if (this.state === 'body') {
        const skipped = Math.min(this.bodyLeft, chunk.length - at);
        this.bodyLeft -= skipped;
        at += skipped;
        if (this.bodyLeft === 0) this.state = 'type';
        continue;
      }
      const byte = chunk[at++] as number;
      if (this.state === 'type') {
        this.state = 'length';
        this.length = 0;
        this.multiplier = 1;
        this.lengthBytes = 0;
        continue;
      }
      this.length += (byte & 0x7f) * this.multiplier;
      this.multiplier *= 128;
      this.lengthBytes++;
      if (1 + this.lengthBytes + this.length > this.maxBytes) return false;
      if (byte & 0x80) {
        // MQTT allows at most four length bytes.
        if (this.lengthBytes === 4) return false;
        continue;
      }
      this.bodyLeft = this.length;
      this.state = this.length === 0 ? 'type' : 'body';
    }
    return true;
  }
}
