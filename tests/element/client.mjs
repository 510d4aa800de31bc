// A member on Element's client stack (matrix-js-sdk + Rust crypto), for the end-to-end tests.
// Usage: node client.mjs '<json config>'  with {baseUrl, userId, password, accessToken, deviceId, roomId, say,
//   excludeInsecure, botId, timeoutMs}. Each item of `say` is a text (sent in roomId), or {text, room} (sent in
//   another room, e.g. a DM), or {edit: i, text} (an edit, as Element sends it, of the i-th message sent). For each
//   it prints one JSON line: the bot's reply, or for an edit the bot's edit of its earlier reply:
//   {sent, body, msgtype, shield, reason, decrypted, edited, file}.
// matrix-js-sdk 43 declares Node >= 22; on Node 20 the only gap is Promise.withResolvers, filled here.
if (!Promise.withResolvers) {
  Promise.withResolvers = function withResolvers() {
    let resolve, reject;
    const promise = new Promise((res, rej) => { resolve = res; reject = rej; });
    return { promise, resolve, reject };
  };
}
import { webcrypto } from "node:crypto";
import * as sdk from "matrix-js-sdk";
import { OnlySignedDevicesIsolationMode } from "matrix-js-sdk/lib/crypto-api/index.js";
import { logger } from "matrix-js-sdk/lib/logger.js";

logger.setLevel("error");
const config = JSON.parse(process.argv[2]);
const out = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

async function decryptAttachment(client, file) {
  // What Element does for an encrypted m.file: AES-CTR with the JWK key, after checking the SHA-256.
  const url = client.mxcUrlToHttp(file.url, undefined, undefined, undefined, false, true, true);
  const response = await fetch(url, { headers: { Authorization: `Bearer ${config.accessToken}` } });
  const data = new Uint8Array(await response.arrayBuffer());
  const digest = Buffer.from(await webcrypto.subtle.digest("SHA-256", data)).toString("base64").replace(/=+$/, "");
  if (digest !== file.hashes.sha256) throw new Error("attachment hash mismatch");
  const key = await webcrypto.subtle.importKey("jwk", file.key, { name: "AES-CTR" }, false, ["decrypt"]);
  const iv = Buffer.from(file.iv, "base64");
  const plain = await webcrypto.subtle.decrypt({ name: "AES-CTR", counter: iv, length: 64 }, key, data);
  return Buffer.from(plain).toString("utf-8");
}

const client = sdk.createClient({
  baseUrl: config.baseUrl, userId: config.userId, accessToken: config.accessToken, deviceId: config.deviceId,
});
await client.initRustCrypto({ useIndexedDB: false });
const crypto = client.getCrypto();
// Like Element after sign-in: this person's own cross-signing identity (their device signed by it).
await crypto.bootstrapCrossSigning({
  authUploadDeviceSigningKeys: async (makeRequest) => {
    await makeRequest({
      type: "m.login.password", identifier: { type: "m.id.user", user: config.userId }, password: config.password,
    });
  },
});
if (config.excludeInsecure) crypto.setDeviceIsolationMode(new OnlySignedDevicesIsolationMode());
const prepared = new Promise((resolve) => client.on(sdk.ClientEvent.Sync, (state) => state === "PREPARED" && resolve()));
await client.startClient({ initialSyncLimit: 1 });
await prepared;

const waiting = new Map(); // the event a bot message relates to (a reply's or an edit's target) -> resolve
client.on(sdk.RoomEvent.Timeline, async (event, room, toStartOfTimeline) => {
  if (toStartOfTimeline || event.getSender() !== config.botId) return;
  await client.decryptEventIfNeeded(event);
  const content = event.getContent();
  const relation = content["m.relates_to"] ?? {};
  const edited = relation.rel_type === "m.replace";
  const target = edited ? relation.event_id : relation["m.in_reply_to"]?.event_id;
  const resolve = waiting.get(target);
  if (!resolve) return;
  waiting.delete(target);
  const info = await crypto.getEncryptionInfoForEvent(event);
  const shown = edited ? content["m.new_content"] ?? {} : content;
  const reply = {
    id: event.getId(), body: shown.body, msgtype: shown.msgtype, edited, shield: info?.shieldColour ?? null,
    reason: info?.shieldReason ?? null, decrypted: event.isEncrypted() && !event.isDecryptionFailure(),
  };
  if (content.msgtype === "m.file" && content.file) reply.file = await decryptAttachment(client, content.file);
  resolve(reply);
});

const sent = []; // [{room, id, replyId}] in the order of `say`
try {
  for (const item of config.say) {
    const { text, room = config.roomId, edit } = typeof item === "string" ? { text: item } : item;
    let awaited, roomId = room;
    if (edit === undefined) {
      const { event_id: id } = await client.sendTextMessage(roomId, text);
      sent.push({ room: roomId, id });
      awaited = id;
    } else {
      const original = sent[edit];
      roomId = original.room;
      await client.sendMessage(roomId, {
        msgtype: "m.text", body: `* ${text}`, "m.new_content": { msgtype: "m.text", body: text },
        "m.relates_to": { rel_type: "m.replace", event_id: original.id },
      });
      sent.push({ room: roomId, id: original.id });
      awaited = original.replyId; // the bot edits its answer to the original
    }
    const reply = await Promise.race([
      new Promise((resolve) => waiting.set(awaited, resolve)),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer to ${text}`)), config.timeoutMs ?? 30000)),
    ]);
    sent[sent.length - 1].replyId = reply.id;
    out({ sent: text, ...reply });
  }
} catch (error) {
  out({ error: String(error) });
  process.exitCode = 1;
} finally {
  client.stopClient();
  process.exit();
}
