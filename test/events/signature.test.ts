import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhookBody as signBody } from '../../src/demo/pbx-simulator/index.js';
import { verifySignature } from '../../src/events/signature.js';

/** `X-Signature` = base64(HMAC-SHA256(raw body, secret)): the whole digest, nothing less or more. */
const SECRET = 'Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z';
const BODY = Buffer.from('{"type":30040,"sn":"365000000000001","msg":{}}');
const digest = createHmac('sha256', SECRET).update(BODY).digest();

describe('the webhook signature', () => {
  it('accepts the whole HMAC, with surrounding space', () => {
    expect(verifySignature(BODY, SECRET, signBody(BODY.toString('utf8'), SECRET))).toBe(true);
    expect(verifySignature(BODY, SECRET, ` ${digest.toString('base64')} `)).toBe(true);
  });

  it.each([1, 8, 16, 24, 31])('refuses the first %i bytes of the HMAC', (bytes) => {
    expect(verifySignature(BODY, SECRET, digest.subarray(0, bytes).toString('base64'))).toBe(false);
  });

  it('refuses the HMAC with bytes after it', () => {
    const longer = Buffer.concat([digest, Buffer.from([0, 1, 2])]).toString('base64');
    expect(verifySignature(BODY, SECRET, longer)).toBe(false);
  });

  it('refuses another body’s HMAC, another secret’s, one byte changed, and none at all', () => {
    expect(verifySignature(BODY, SECRET, signBody('{}', SECRET))).toBe(false);
    expect(verifySignature(BODY, SECRET, signBody(BODY.toString('utf8'), 'another-secret'))).toBe(false);
    const flipped = Buffer.from(digest);
    flipped[31] = flipped[31]! ^ 1;
    expect(verifySignature(BODY, SECRET, flipped.toString('base64'))).toBe(false);
    expect(verifySignature(BODY, SECRET, undefined)).toBe(false);
    expect(verifySignature(BODY, SECRET, '')).toBe(false);
    expect(verifySignature(BODY, SECRET, '   ')).toBe(false);
  });
});
