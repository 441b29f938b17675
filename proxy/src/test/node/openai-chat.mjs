// Chat Completions through Codex Pool with the official openai SDK: one streamed call, one plain call.
// Prints a JSON summary on stdout for the JUnit test to check.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "codex-pool-test" });
const messages = [{ role: "user", content: "hi" }];

const stream = await client.chat.completions.create({ model: "gpt-5.4", messages, stream: true });
let streamed = "";
let chunks = 0;
for await (const chunk of stream) {
  chunks++;
  streamed += chunk.choices[0]?.delta?.content ?? "";
}
// The SDK ends the iteration only after the server's [DONE]; reaching here means it was received.
const completion = await client.chat.completions.create({ model: "gpt-5.4", messages });
console.log(JSON.stringify({
  streamed, chunks, done: true,
  object: completion.object, content: completion.choices[0].message.content,
}));
