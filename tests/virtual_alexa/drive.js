#!/usr/bin/env node
"use strict";

/*
 * Sends every intent of an interaction model to a skill endpoint through virtual-alexa, each
 * time as a brand-new user: once after a launch ("open ..." then the request) and once as the
 * first request of a session (one-shot, "ask ... to ..."). Each response is checked against
 * what Alexa accepts.
 *
 *   node drive.js <skill URL> <interaction model JSON>
 *
 * Prints one JSON line per check and a final summary line; exits 1 when any check fails,
 * 2 on bad arguments.
 */

const fs = require("fs");
const { VirtualAlexa } = require("virtual-alexa");
const { XMLParser, XMLValidator } = require("fast-xml-parser");

// virtual-alexa's utter() turns any phrase matching this (even inside a word) into a launch.
const LAUNCH_WORDS = /(ask|open|launch|talk to|tell)/i;
const SLOT_REF = /\{([^{}]+)\}/;
const UNKNOWN_SLOT_VALUE = "purple elephant";

// Certification: Help keeps the session open, Stop and Cancel end it, a launch asks a question.
const EXPECTED_END = {
  LaunchRequest: false,
  "AMAZON.HelpIntent": false,
  "AMAZON.StopIntent": true,
  "AMAZON.CancelIntent": true,
};
const MAX_SSML_CHARS = 8000;
const MAX_BREAK_MS = 10000;
const MAX_AUDIO_TAGS = 5;
const MAX_RESPONSE_BYTES = 120 * 1024;
const MODES = ["launch", "one-shot"];
// virtual-alexa's SessionEndedReason enum is not exported; 1 is EXCEEDED_MAX_REPROMPTS.
const EXCEEDED_MAX_REPROMPTS = 1;

const ssmlParser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  trimValues: true,
  processEntities: false,
});

function isObject(value) {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function languageModel(model) {
  if (isObject(model.interactionModel)) {
    return model.interactionModel.languageModel;
  }
  return model.languageModel || model;
}

function launchSafe(phrase) {
  return !LAUNCH_WORDS.test(phrase);
}

// ---- what to send ------------------------------------------------------------------------

function slotlessCase(intent) {
  const first = (intent.samples || [])[0];
  if (!intent.name.startsWith("AMAZON.") && first && !SLOT_REF.test(first) && launchSafe(first)) {
    return { intent: intent.name, via: "utter", phrase: first };
  }
  const why = intent.name.startsWith("AMAZON.") ? "built-in" : "no launch-safe first sample";
  return { intent: intent.name, via: "intend", slots: {}, why };
}

function fill(sample, slotName, value) {
  const pieces = sample.split(/(\{[^{}]+\})/);
  return pieces
    .map((piece) => (piece === `{${slotName}}` ? value : piece))
    .join("")
    .replace(/\s+/g, " ")
    .trim();
}

function sampleFor(intent, slotName) {
  const samples = intent.samples || [];
  return samples.find((sample) => {
    const refs = sample.match(/\{[^{}]+\}/g) || [];
    const words = sample.replace(/\{[^{}]+\}/g, " ").trim();
    return refs.length === 1 && refs[0] === `{${slotName}}` && words && launchSafe(words);
  });
}

function slotCases(intent, types) {
  const cases = [];
  for (const slot of intent.slots || []) {
    const type = types.get(slot.type);
    if (!type) {
      continue;
    }
    const sample = sampleFor(intent, slot.name);
    for (const value of type.values || []) {
      const id = value.id || value.name.value;
      cases.push({
        intent: intent.name,
        via: "intend",
        slots: { [slot.name]: value.name.value },
        expect: { slot: slot.name, id },
      });
      for (const synonym of value.name.synonyms || []) {
        const phrase = sample ? fill(sample, slot.name, synonym) : null;
        if (phrase && launchSafe(phrase)) {
          const expect = { slot: slot.name, id };
          cases.push({ intent: intent.name, via: "utter", phrase, expect });
        } else {
          cases.push({
            intent: intent.name,
            via: "intend",
            slots: { [slot.name]: synonym },
            expect: { slot: slot.name, id },
            why: "synonym not launch-safe in a sample",
          });
        }
      }
    }
    cases.push({
      intent: intent.name,
      via: "intend",
      slots: { [slot.name]: UNKNOWN_SLOT_VALUE },
      expect: { slot: slot.name, id: null },
      why: "value not in the slot type",
    });
  }
  cases.push({ intent: intent.name, via: "intend", slots: {}, why: "no slot value" });
  return cases;
}

function plan(lm) {
  const types = new Map((lm.types || []).map((type) => [type.name, type]));
  const cases = [];
  for (const intent of lm.intents || []) {
    const custom = (intent.slots || []).some((slot) => types.has(slot.type));
    if (custom) {
      cases.push(...slotCases(intent, types));
    } else {
      cases.push(slotlessCase(intent));
    }
  }
  return cases;
}

// ---- checks --------------------------------------------------------------------------------

function breakMillis(time) {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$/i.exec(String(time));
  if (!match) {
    return null;
  }
  const amount = Number(match[1]);
  return match[2].toLowerCase() === "s" ? amount * 1000 : amount;
}

function walk(nodes, visit) {
  for (const node of nodes) {
    for (const key of Object.keys(node)) {
      if (key === ":@") {
        continue;
      }
      visit(key, node[":@"] || {}, node[key]);
      if (Array.isArray(node[key])) {
        walk(node[key], visit);
      }
    }
  }
}

function speechProblems(speech, where) {
  if (!isObject(speech)) {
    return [`${where} is missing`];
  }
  if (speech.type !== "SSML") {
    return [`${where}.type is ${JSON.stringify(speech.type)}, not "SSML"`];
  }
  const ssml = speech.ssml;
  if (typeof ssml !== "string") {
    return [`${where}.ssml is not a string`];
  }
  const problems = [];
  if (!ssml.startsWith("<speak>") || !ssml.endsWith("</speak>")) {
    problems.push(`${where}.ssml does not start with <speak> and end with </speak>`);
  }
  if (ssml.length > MAX_SSML_CHARS) {
    problems.push(`${where}.ssml has ${ssml.length} characters, over ${MAX_SSML_CHARS}`);
  }
  const valid = XMLValidator.validate(ssml);
  if (valid !== true) {
    const { msg, line, col } = valid.err;
    problems.push(`${where}.ssml is not well-formed XML: ${msg} (line ${line}, col ${col})`);
    return problems;
  }
  const tree = ssmlParser.parse(ssml);
  const roots = tree.filter((node) => !("#text" in node));
  if (roots.length !== 1 || !("speak" in roots[0]) || roots.length !== tree.length) {
    problems.push(`${where}.ssml must be a single <speak> element`);
  }
  let audio = 0;
  let text = "";
  walk(tree, (tag, attributes, children) => {
    if (tag === "#text") {
      text += ` ${children}`;
    } else if (tag === "audio") {
      audio += 1;
    } else if (tag === "break" && attributes.time !== undefined) {
      const millis = breakMillis(attributes.time);
      if (millis === null) {
        problems.push(`${where}: <break time="${attributes.time}"> is not a duration`);
      } else if (millis > MAX_BREAK_MS) {
        problems.push(`${where}: <break time="${attributes.time}"> is over 10 seconds`);
      }
    }
  });
  if (audio > MAX_AUDIO_TAGS) {
    problems.push(`${where} has ${audio} <audio> tags, over ${MAX_AUDIO_TAGS}`);
  }
  if (!text.trim() && audio === 0) {
    problems.push(`${where} says nothing`);
  }
  return problems;
}

function responseProblems(json, expectedEnd) {
  if (!isObject(json)) {
    return ["response is not a JSON object"];
  }
  const problems = [];
  if (typeof json.version !== "string" || !json.version) {
    problems.push("response has no version");
  }
  const bytes = Buffer.byteLength(JSON.stringify(json));
  if (bytes > MAX_RESPONSE_BYTES) {
    problems.push(`response is ${bytes} bytes, over ${MAX_RESPONSE_BYTES}`);
  }
  if (json.sessionAttributes !== undefined && !isObject(json.sessionAttributes)) {
    problems.push("sessionAttributes is not an object");
  }
  const body = json.response;
  if (!isObject(body)) {
    problems.push("response.response is missing");
    return problems;
  }
  problems.push(...speechProblems(body.outputSpeech, "outputSpeech"));
  if (typeof body.shouldEndSession !== "boolean") {
    problems.push(`shouldEndSession is ${JSON.stringify(body.shouldEndSession)}, not a boolean`);
  } else if (!body.shouldEndSession) {
    if (!isObject(body.reprompt)) {
      problems.push("session stays open without a reprompt");
    } else {
      problems.push(...speechProblems(body.reprompt.outputSpeech, "reprompt.outputSpeech"));
    }
  }
  if (expectedEnd !== undefined && body.shouldEndSession !== expectedEnd) {
    const wanted = expectedEnd ? "end" : "stay open";
    problems.push(`the session must ${wanted} (shouldEndSession ${body.shouldEndSession})`);
  }
  return problems;
}

function resolvedId(request, slotName) {
  const slot = ((request.request.intent || {}).slots || {})[slotName];
  const authorities = ((slot || {}).resolutions || {}).resolutionsPerAuthority || [];
  for (const authority of authorities) {
    if (authority.status && authority.status.code === "ER_SUCCESS_MATCH" && authority.values[0]) {
      return authority.values[0].value.id;
    }
  }
  return authorities.length ? null : undefined;
}

function requestProblems(request, testCase, mode) {
  const problems = [];
  const sent = request.request;
  if (sent.type !== "IntentRequest") {
    problems.push(`virtual-alexa sent a ${sent.type}, not an IntentRequest`);
    return problems;
  }
  if (sent.intent.name !== testCase.intent) {
    problems.push(`virtual-alexa resolved the phrase to ${sent.intent.name}`);
  }
  const firstOfSession = mode === "one-shot";
  if (request.session.new !== firstOfSession) {
    problems.push(`session.new is ${request.session.new}, expected ${firstOfSession}`);
  }
  if (testCase.expect) {
    const id = resolvedId(request, testCase.expect.slot);
    if (id !== testCase.expect.id) {
      const wanted = testCase.expect.id === null ? "ER_SUCCESS_NO_MATCH" : testCase.expect.id;
      problems.push(`slot ${testCase.expect.slot} resolved to ${id}, expected ${wanted}`);
    }
  }
  return problems;
}

// ---- sending ---------------------------------------------------------------------------

function newUser(url, modelPath) {
  const alexa = VirtualAlexa.Builder()
    .interactionModelFile(modelPath)
    .skillURL(url)
    .locale("en-US")
    .create();
  const exchanges = [];
  alexa.filter((request) => exchanges.push({ request: JSON.parse(JSON.stringify(request)) }));
  const interactor = alexa.interactor();
  const invoke = interactor.invoke.bind(interactor);
  interactor.invoke = async (requestJSON) => {
    const response = await invoke(requestJSON);
    exchanges[exchanges.length - 1].response = response;
    return response;
  };
  return { alexa, exchanges };
}

function describe(response) {
  const body = isObject(response) && isObject(response.response) ? response.response : {};
  return {
    shouldEndSession: body.shouldEndSession,
    ssml: (body.outputSpeech || {}).ssml,
    reprompt: ((body.reprompt || {}).outputSpeech || {}).ssml,
  };
}

async function exchange(user, send) {
  try {
    await send();
  } catch (error) {
    const last = user.exchanges[user.exchanges.length - 1];
    return { error: String(error && error.message ? error.message : error), last };
  }
  return { last: user.exchanges[user.exchanges.length - 1] };
}

async function runCase(url, modelPath, testCase, mode) {
  const user = newUser(url, modelPath);
  const lines = [];
  const base = { intent: testCase.intent, mode, via: testCase.via };
  if (testCase.phrase !== undefined) {
    base.phrase = testCase.phrase;
  }
  if (testCase.slots !== undefined) {
    base.slots = testCase.slots;
  }
  if (testCase.why) {
    base.why = testCase.why;
  }
  if (mode === "launch") {
    const launched = await exchange(user, () => user.alexa.launch());
    const problems = launched.error
      ? [launched.error]
      : responseProblems(launched.last.response, EXPECTED_END.LaunchRequest);
    const response = launched.last ? launched.last.response : undefined;
    lines.push({
      check: "launch",
      before: testCase.intent,
      ok: !problems.length,
      problems,
      ...describe(response),
    });
  }
  const send =
    testCase.via === "utter"
      ? () => user.alexa.utter(testCase.phrase)
      : () => user.alexa.intend(testCase.intent, testCase.slots);
  const count = user.exchanges.length;
  const result = await exchange(user, send);
  const problems = [];
  let response;
  if (user.exchanges.length === count) {
    problems.push(`nothing sent: ${result.error}`);
  } else {
    const { request } = result.last;
    response = result.last.response;
    problems.push(...requestProblems(request, testCase, mode));
    const resolved = testCase.expect ? resolvedId(request, testCase.expect.slot) : undefined;
    if (resolved !== undefined) {
      base.resolved = resolved;
    }
    base.requestType = request.request.type;
    base.sentIntent = (request.request.intent || {}).name;
    base.sessionNew = request.session.new;
    if (result.error) {
      problems.push(result.error);
    } else {
      problems.push(...responseProblems(response, EXPECTED_END[testCase.intent]));
    }
  }
  lines.push({ check: "intent", ...base, ok: !problems.length, problems, ...describe(response) });
  return lines;
}

async function runSessionEnded(url, modelPath) {
  const user = newUser(url, modelPath);
  await exchange(user, () => user.alexa.launch());
  const result = await exchange(user, () => user.alexa.endSession(EXCEEDED_MAX_REPROMPTS));
  const problems = [];
  if (result.error) {
    problems.push(result.error);
  } else if (!isObject(result.last.response) || typeof result.last.response.version !== "string") {
    problems.push("the answer to SessionEndedRequest is not a response envelope");
  }
  const reason = "EXCEEDED_MAX_REPROMPTS";
  return { check: "session-ended", reason, ok: !problems.length, problems };
}

async function main(argv) {
  if (argv.length !== 2) {
    process.stderr.write("usage: node drive.js <skill URL> <interaction model JSON>\n");
    return 2;
  }
  const [url, modelPath] = argv;
  const lm = languageModel(JSON.parse(fs.readFileSync(modelPath, "utf8")));
  const names = (lm.intents || []).map((intent) => intent.name);
  const tally = new Map(names.map((name) => [name, { checked: 0, failed: 0 }]));
  let checks = 0;
  let failed = 0;
  const emit = (line) => {
    checks += 1;
    failed += line.ok ? 0 : 1;
    process.stdout.write(`${JSON.stringify(line)}\n`);
  };
  for (const testCase of plan(lm)) {
    for (const mode of MODES) {
      for (const line of await runCase(url, modelPath, testCase, mode)) {
        emit(line);
        if (line.check === "intent") {
          tally.get(line.intent).checked += 1;
          tally.get(line.intent).failed += line.ok ? 0 : 1;
        }
      }
    }
  }
  emit(await runSessionEnded(url, modelPath));
  const unchecked = names.filter((name) => tally.get(name).checked === 0);
  const summary = {
    summary: true,
    checks,
    failed,
    intents: Object.fromEntries(tally),
    unchecked,
  };
  process.stdout.write(`${JSON.stringify(summary)}\n`);
  return failed || unchecked.length ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 1;
  },
);
