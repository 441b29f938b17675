// A conversation continued the SDK's usual way through Codex Pool: responses.create, then responses.create with the
// first response's id as previous_response_id. Prints a JSON summary on stdout for the JUnit test to check.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "codex-pool-test" });
const first = await client.responses.create({ model: "gpt-5.4", input: "hi" });
const second = await client.responses.create({
  model: "gpt-5.4", input: "and once more", previous_response_id: first.id,
});
console.log(JSON.stringify({
  firstId: first.id, firstText: first.output_text, secondStatus: second.status, secondText: second.output_text,
}));
