// The Responses API through Codex Pool with the official openai SDK, without a stream: the SDK's output_text is
// assembled from the reply's output items. Prints a JSON summary on stdout for the JUnit test to check.
import OpenAI from "openai";

const client = new OpenAI({ baseURL: process.argv[2], apiKey: "codex-pool-test" });
const response = await client.responses.create({ model: "gpt-5.4", input: "hi" });
console.log(JSON.stringify({
  object: response.object, status: response.status, outputText: response.output_text,
  items: response.output.length,
}));
