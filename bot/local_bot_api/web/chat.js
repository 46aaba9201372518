// The web chat: shows what the bot sent into this chat and sends what the person types, drops or presses.
// It renders only the HTML subset Telegram renders, building elements itself (never innerHTML),
// so text from an export can never become markup or script.
"use strict";

const key = new URLSearchParams(location.search).get("key") || "";
const headers = key ? { "X-ShopPulse-Key": key } : {};
const withKey = (url) => (key ? `${url}${url.includes("?") ? "&" : "?"}key=${encodeURIComponent(key)}` : url);
const $ = (id) => document.getElementById(id);
const log = $("log");
const bubbles = new Map(); // message_id -> element, so an edit replaces its message in place
let lastEvent = 0;
let typingTimer = null;
let online = null;
// The page's own words, in the chat's language (the server's catalogue); the page's HTML holds the English.
let words = { running: "bot is running", unreachable: "bot is not reachable: is `make run` still running?",
  edited: "edited", chart: "chart" };
let wordsShown = "";

const TAGS = { b: "b", strong: "b", i: "i", em: "i", u: "u", ins: "u", s: "s", strike: "s", del: "s",
  code: "code", pre: "pre", blockquote: "blockquote", a: "a", "tg-spoiler": "span", span: "span", "tg-emoji": "span" };

function telegramHtml(text) {
  const parsed = new DOMParser().parseFromString(`<body>${text}</body>`, "text/html");
  const out = document.createDocumentFragment();
  copyAllowed(parsed.body, out);
  return out;
}

function copyAllowed(from, to) {
  for (const node of from.childNodes) {
    if (node.nodeType === Node.TEXT_NODE) {
      to.append(node.textContent);
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      const name = node.tagName.toLowerCase();
      const tag = TAGS[name];
      if (!tag) { copyAllowed(node, to); continue; }
      const element = document.createElement(tag);
      if (name === "a") {
        const href = node.getAttribute("href") || "";
        if (/^(https?:|mailto:|tg:)/i.test(href)) {
          element.href = href; element.target = "_blank"; element.rel = "noopener noreferrer";
        }
      }
      if (name === "tg-spoiler" || (name === "span" && node.classList.contains("tg-spoiler"))) {
        element.className = "spoiler";
        element.addEventListener("click", () => element.classList.add("shown"));
      }
      copyAllowed(node, element);
      to.append(element);
    }
  }
}

function richText(text, parseMode) {
  if (parseMode === "HTML") return telegramHtml(text);
  return document.createTextNode(text);
}

function when(seconds) {
  // the browser's own locale when the page speaks its language, else the page's language
  const page = document.documentElement.lang;
  const locale = page.startsWith((navigator.language || "").split("-")[0]) ? navigator.language : page;
  return new Date(seconds * 1000).toLocaleTimeString(locale || [], { hour: "2-digit", minute: "2-digit" });
}

function megabytes(bytes) {
  return bytes >= 1e6 ? `${(bytes / 1e6).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1e3))} kB`;
}

function render(message, parseMode) {
  const fromBot = Boolean(message.from && message.from.is_bot);
  const bubble = document.createElement("div");
  bubble.className = `msg ${fromBot ? "bot" : "user"}`;
  bubble.dataset.messageId = message.message_id;
  if (message.photo) {
    const img = document.createElement("img");
    img.src = withKey(`/api/files/${message.photo[message.photo.length - 1].file_id}`);
    img.alt = message.caption || words.chart;
    img.addEventListener("load", () => stickToBottom(true));
    img.addEventListener("click", () => window.open(img.src, "_blank", "noopener"));
    bubble.append(img);
  }
  if (message.document) {
    const doc = message.document;
    const label = [document.createTextNode(`📄 ${doc.file_name} `), small(megabytes(doc.file_size || 0))];
    if (fromBot) {
      const link = document.createElement("a");
      link.className = "doc"; link.href = withKey(`/api/files/${doc.file_id}`); link.download = doc.file_name;
      link.append(...label);
      bubble.append(link);
    } else {
      const name = document.createElement("div");
      name.className = "doc"; name.append(...label);
      bubble.append(name);
    }
  }
  const words = message.text ?? message.caption;
  if (words) {
    const body = document.createElement("div");
    body.className = "text";
    body.append(richText(words, parseMode));
    bubble.append(body);
  }
  const keyboard = message.reply_markup && message.reply_markup.inline_keyboard;
  if (keyboard && keyboard.length) bubble.append(buttons(message.message_id, keyboard));
  const meta = small(`${message.edit_date ? `${words.edited} ` : ""}${when(message.edit_date || message.date)}`);
  meta.className = "meta";
  bubble.append(meta);
  return bubble;
}

function small(text) {
  const element = document.createElement("small");
  element.textContent = text;
  return element;
}

function buttons(messageId, keyboard) {
  const box = document.createElement("div");
  box.className = "keyboard";
  for (const row of keyboard) {
    const line = document.createElement("div");
    line.className = "row";
    for (const button of row) {
      if (button.url) {
        const link = document.createElement("a");
        link.href = button.url; link.target = "_blank"; link.rel = "noopener noreferrer"; link.textContent = button.text;
        line.append(link);
        continue;
      }
      const element = document.createElement("button");
      element.type = "button";
      element.textContent = button.text;
      element.addEventListener("click", () => press(messageId, button.callback_data, element));
      line.append(element);
    }
    box.append(line);
  }
  return box;
}

function stickToBottom(force) {
  const near = log.scrollHeight - log.scrollTop - log.clientHeight < 160;
  if (force || near) log.scrollTop = log.scrollHeight;
}

function show(event) {
  if (event.kind === "message") {
    const message = event.payload;
    const fresh = render(message, message.parse_mode);
    const old = bubbles.get(message.message_id);
    if (old) old.replaceWith(fresh); else log.append(fresh);
    bubbles.set(message.message_id, fresh);
    if (message.from && message.from.is_bot) typing(false);
    stickToBottom(!old);
  } else if (event.kind === "action") {
    typing(true);
  } else if (event.kind === "notice") {
    toast(event.payload.text);
  }
}

function typing(on) {
  clearTimeout(typingTimer);
  $("typing").hidden = !on;
  if (on) typingTimer = setTimeout(() => typing(false), 5000);
}

function toast(text) {
  const box = $("toast");
  box.textContent = text;
  box.hidden = false;
  setTimeout(() => { box.hidden = true; }, 4000);
}

let commandsShown = "";
function showCommands(commands) {
  const signature = JSON.stringify(commands);
  if (signature === commandsShown) return;
  commandsShown = signature;
  const menu = $("menu");
  menu.replaceChildren();
  for (const command of commands) {
    const item = document.createElement("button");
    item.type = "button";
    const name = document.createElement("b");
    name.textContent = `/${command.command}`;
    const help = document.createElement("span");
    help.textContent = command.description;
    item.append(name, help);
    item.addEventListener("click", () => { toggleMenu(false); sendText(`/${command.command}`); });
    menu.append(item);
  }
}

function toggleMenu(open) {
  const menu = $("menu");
  const next = open ?? menu.hidden;
  menu.hidden = !next || !menu.childElementCount;
  $("menu-button").setAttribute("aria-expanded", String(!menu.hidden));
}

async function post(path, body, extraHeaders = {}) {
  const response = await fetch(withKey(path), { method: "POST", headers: { ...headers, "X-ShopPulse": "chat", ...extraHeaders }, body });
  if (!response.ok) toast(await response.text());
  return response.ok;
}

function sendText(text) {
  return post("/api/text", JSON.stringify({ text }), { "Content-Type": "application/json" });
}

function press(messageId, data, element) {
  element.disabled = true;
  post("/api/press", JSON.stringify({ message_id: messageId, data }), { "Content-Type": "application/json" })
    .finally(() => { element.disabled = false; });
}

async function upload(files) {
  for (const file of files) {
    await post("/api/upload", file, { "X-File-Name": encodeURIComponent(file.name) });
  }
}

function setOnline(reached) {
  online = reached;
  $("status").textContent = reached ? words.running : words.unreachable;
}

// Put the page's own words in the language the server says this chat speaks (its /language, else the browser's).
function showWords(language, given) {
  const signature = JSON.stringify([language, given]);
  if (!given || signature === wordsShown) return;
  wordsShown = signature;
  words = { ...words, ...given };
  document.documentElement.lang = language.replace("_", "-");
  for (const element of document.querySelectorAll("[data-word]")) element.textContent = given[element.dataset.word];
  for (const [attribute, data] of [["title", "wordTitle"], ["aria-label", "wordAria"], ["placeholder", "wordPlaceholder"]]) {
    for (const element of document.querySelectorAll(`[data-${data.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}]`)) {
      element.setAttribute(attribute, given[element.dataset[data]]);
    }
  }
  if (online !== null) setOnline(online);
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function poll() {
  for (;;) {
    try {
      const language = encodeURIComponent(navigator.language || "");
      const response = await fetch(withKey(`/api/events?after=${lastEvent}&wait=25&lang=${language}`),
        { headers, cache: "no-store" });
      if (!response.ok) throw new Error(await response.text());
      const body = await response.json();
      showWords(body.language, body.words);
      setOnline(true);
      showCommands(body.commands);
      for (const event of body.events) {
        lastEvent = Math.max(lastEvent, event.id);
        show(event);
      }
    } catch (error) {
      setOnline(false);
      await sleep(2000);
    }
  }
}

$("composer").addEventListener("submit", (event) => {
  event.preventDefault();
  const input = $("text");
  const text = input.value.trim();
  if (!text) return;
  input.value = "";
  toggleMenu(false);
  sendText(text);
});
$("text").addEventListener("input", () => toggleMenu($("text").value === "/"));
$("menu-button").addEventListener("click", () => toggleMenu());
$("file").addEventListener("change", (event) => { upload([...event.target.files]); event.target.value = ""; });
$("start").addEventListener("click", () => sendText("/start"));
$("demo").addEventListener("click", () => post("/api/demo", ""));

let dragDepth = 0;
window.addEventListener("dragenter", (event) => { event.preventDefault(); dragDepth += 1; $("drop").hidden = false; });
window.addEventListener("dragleave", () => { dragDepth = Math.max(0, dragDepth - 1); if (!dragDepth) $("drop").hidden = true; });
window.addEventListener("dragover", (event) => event.preventDefault());
window.addEventListener("drop", (event) => {
  event.preventDefault();
  dragDepth = 0;
  $("drop").hidden = true;
  upload([...event.dataTransfer.files]);
});

poll();
