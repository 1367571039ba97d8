// The sandbox's Telegram-like client. State comes from GET /api/state once, then from the
// WebSocket's events; everything the visitor does is a POST that the double turns into a real
// update for the bot. Messages are drawn from Telegram's HTML subset by building DOM nodes for
// the allowed tags only: nothing the bot (or a cafe name) says is ever parsed as page markup.

const $ = (id) => document.getElementById(id);
const state = { bot: null, chats: new Map(), order: [], current: null, unread: new Map(), deadlineControl: false };
const COLORS = ["#e17076", "#7bc862", "#65aadd", "#a695e7", "#ee7aae", "#6ec9cb", "#faa774"];
const ROLES = { cafe: "cafe group", admin: "admin", manager: "manager", employee: "employee" };
const COMMANDS = {
  cafe: [],
  admin: ["/start", "/cafes", "/requests", "/menus", "/link 1"],
  manager: ["/start", "/requests", "/menus", "/link 1"],
  employee: ["/start"],
};

// ---- helpers -------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function toast(text, kind = "") {
  const node = el("div", { class: `toast ${kind}` }, text);
  $("toasts").append(node);
  setTimeout(() => node.remove(), 4000);
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let data = null;
  try { data = await response.json(); } catch { data = { error: response.statusText }; }
  if (!response.ok) {
    const error = new Error(data?.error || `HTTP ${response.status}`);
    error.status = response.status;
    error.data = data;
    throw error;
  }
  return data;
}

function avatar(chat) {
  const words = chat.title.replace(/[^\p{L}\p{N} ]/gu, "").split(/\s+/).filter(Boolean);
  const letters = (words[0]?.[0] || "?") + (words[1]?.[0] || "");
  const color = COLORS[Math.abs(chat.id) % COLORS.length];
  return el("div", { class: "avatar", style: `background:${color}`, "aria-hidden": "true" }, letters.toUpperCase());
}

function time(unix) {
  return new Date(unix * 1000).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
}

function startgroupLink(href) {
  try {
    const url = new URL(href);
    return url.searchParams.has("startgroup") && /^(t|telegram)\.me$/i.test(url.hostname);
  } catch { return false; }
}

// ---- Telegram HTML, drawn safely -------------------------------------------------------------

const TAGS = {
  b: "b", strong: "b", i: "i", em: "i", u: "u", ins: "u", s: "s", strike: "s", del: "s",
  code: "code", pre: "pre", blockquote: "blockquote", a: "a", "tg-spoiler": "span", span: "span",
};

// Telegram turns bare URLs into links itself, outside <a> and <code>.
const URL_RE = /https?:\/\/[^\s<>"]+[^\s<>".,;:!?)»]/g;

function linked(text, into, plain) {
  if (plain) { into.append(document.createTextNode(text)); return; }
  let at = 0;
  for (const match of text.matchAll(URL_RE)) {
    into.append(document.createTextNode(text.slice(at, match.index)));
    into.append(el("a", { href: match[0], target: "_blank", rel: "noopener noreferrer" }, match[0]));
    at = match.index + match[0].length;
  }
  into.append(document.createTextNode(text.slice(at)));
}

function rich(text, parseMode) {
  const box = document.createDocumentFragment();
  if ((parseMode || "").toLowerCase() !== "html") {
    linked(text, box, false);
    return box;
  }
  const parsed = new DOMParser().parseFromString(`<body>${text}</body>`, "text/html").body;
  const copy = (from, to, plain = false) => {
    for (const node of from.childNodes) {
      if (node.nodeType === Node.TEXT_NODE) { linked(node.data, to, plain); continue; }
      if (node.nodeType !== Node.ELEMENT_NODE) continue;
      const tag = TAGS[node.tagName.toLowerCase()];
      if (!tag) { copy(node, to, plain); continue; }  // unknown tags: their text only
      const out = document.createElement(tag);
      if (tag === "a") {
        const href = node.getAttribute("href") || "";
        if (/^(https?|tg):/i.test(href)) out.setAttribute("href", href);
        out.setAttribute("target", "_blank");
        out.setAttribute("rel", "noopener noreferrer");
      }
      if (node.tagName.toLowerCase() === "tg-spoiler" || node.classList.contains("tg-spoiler")) {
        out.className = "spoiler";
        out.addEventListener("click", () => out.classList.add("shown"));
      }
      copy(node, out, plain || ["a", "code", "pre"].includes(tag));
      to.append(out);
    }
  };
  copy(parsed, box);
  return box;
}

// ---- drawing -------------------------------------------------------------------------------

/** A message's text as the reader sees it (tags gone, entities decoded). */
function plain(message) {
  const box = document.createElement("div");
  box.append(rich(message.text || "", message.from?.is_bot ? message.parse_mode : null));
  return box.textContent;
}

function sorted(chat) {
  return [...chat.messages.values()].sort((a, b) => a.message_id - b.message_id);
}

function drawList() {
  const list = $("chat-list");
  list.replaceChildren();
  const sections = [["Cafe groups", (c) => c.kind === "cafe"], ["Private chats", (c) => c.kind !== "cafe"]];
  for (const [title, belongs] of sections) {
    list.append(el("div", { class: "section" }, title));
    for (const id of state.order) {
      const chat = state.chats.get(id);
      if (!belongs(chat)) continue;
      const last = sorted(chat).at(-1);
      const preview = last ? plain(last).split("\n")[0] : ROLES[chat.kind] || "";
      const unread = state.unread.get(id) || 0;
      list.append(
        el("button", {
          type: "button", class: "chat-item", "data-chat": id, "aria-label": chat.title,
          "aria-current": String(state.current === id), onclick: () => openChat(id),
        },
        avatar(chat),
        el("div", { class: "body" },
          el("div", { class: "name" }, chat.title),
          el("div", { class: "preview" }, preview)),
        unread ? el("span", { class: "badge", "aria-label": `${unread} unread` }, unread) : null),
      );
    }
  }
}

function keyboard(chat, message) {
  const rows = message.reply_markup?.inline_keyboard;
  if (!rows?.length) return null;
  return el("div", { class: "keyboard" }, rows.map((row) =>
    el("div", { class: "row" }, row.map((button) =>
      el("button", { type: "button", onclick: (event) => pressed(chat, message, button, event.currentTarget) },
        button.text + (button.url ? " ↗" : "")),
    )),
  ));
}

/** A document in a message: save it, or (the bot's) send it back as it is. */
function attachment(chat, message, mine) {
  const doc = message.document;
  if (!doc) return null;
  const name = doc.file_name || "file";
  const href = `/api/files/${encodeURIComponent(doc.file_id)}?name=${encodeURIComponent(name)}`;
  return el("div", { class: "document" },
    el("a", { href, download: name }, `📎 ${name}`),
    mine ? null : el("button", {
      type: "button", title: "Send this file back to the bot unchanged",
      onclick: async () => {
        try { await api("POST", `/api/chats/${chat.id}/documents`, { file_id: doc.file_id, name }); }
        catch (error) { toast(error.message, "error"); }
      },
    }, "↩︎ Send back"));
}

async function sendFile(chat, file) {
  const form = new FormData();
  form.append("file", file, file.name);
  const response = await fetch(`/api/chats/${chat.id}/documents`, { method: "POST", body: form });
  if (!response.ok) {
    let data = {};
    try { data = await response.json(); } catch { /* not JSON */ }
    toast(data.error || `HTTP ${response.status}`, "error");
  }
}

function drawMessage(chat, message) {
  const mine = message.from && !message.from.is_bot;
  const from = chat.kind === "cafe" && mine ? message.from.first_name : null;
  const bubble = el("div", { class: "bubble" },
    from ? el("div", { class: "from" }, from) : null,
    attachment(chat, message, mine),
    rich(message.text || message.caption || "", mine ? null : message.parse_mode),
    el("span", { class: "meta" }, (message.edit_date ? "edited " : "") + time(message.date)));
  for (const link of bubble.querySelectorAll("a[href]")) {
    if (startgroupLink(link.href)) {
      link.addEventListener("click", (event) => { event.preventDefault(); openAddBot(null, link.href); });
    }
  }
  return el("div", { class: `message ${mine ? "out" : "in"}`, "data-message": message.message_id },
    bubble, mine ? null : keyboard(chat, message));
}

function drawChat() {
  const chat = state.chats.get(state.current);
  const main = $("chat");
  if (!chat) return;
  const actions = [];
  if (chat.kind === "cafe") {
    actions.push(el("button", { type: "button", onclick: () => openAddBot(chat.id, latestLink()) }, "Add the bot to this group"));
    if (chat.cafe_id) {
      const day = chat.next_day ? new Date(`${chat.next_day}T12:00:00`).toLocaleDateString("ru-RU", { weekday: "short", day: "numeric", month: "short" }) : "";
      actions.push(el("button", {
        type: "button", id: "fire-deadline", disabled: !state.deadlineControl || !chat.next_day,
        title: state.deadlineControl ? `Orders for ${chat.next_day} close now` : "this build has no deadline outbox yet",
        onclick: (event) => fireDeadline(chat, event.currentTarget, false),
      }, `Fire the deadline now${day ? ` (${day})` : ""}`));
    }
  } else {
    actions.push(el("button", { type: "button", onclick: () => openMiniApp(chat.user.id) }, "Open the Mini App as this user"));
  }
  const input = el("input", { placeholder: "Message", "aria-label": `Message as ${chat.user_name}`, autocomplete: "off" });
  const send = async (text) => {
    if (!text.trim()) return;
    input.value = "";
    try { await api("POST", `/api/chats/${chat.id}/messages`, { text }); }
    catch (error) { toast(error.message, "error"); input.value = text; }
  };
  const messages = el("div", { class: "messages", role: "log", "aria-label": "Messages" }, sorted(chat).map((m) => drawMessage(chat, m)));
  main.replaceChildren(
    el("header", { class: "chat-head" },
      avatar(chat),
      el("div", { class: "who" },
        el("div", { class: "title" }, chat.title),
        el("div", { class: "hint" }, chat.kind === "cafe"
          ? `group · you are ${chat.user_name}, someone at the cafe`
          : `${ROLES[chat.kind] || chat.kind} · you are ${chat.user_name}, writing to @${state.bot.username}`)),
      el("div", { class: "chat-actions" }, actions)),
    messages,
    el("div", { class: "commands" }, (COMMANDS[chat.kind] || []).map((command) =>
      el("button", { type: "button", onclick: () => send(command) }, command))),
    el("form", { class: "composer", onsubmit: (event) => { event.preventDefault(); send(input.value); } },
      chat.kind === "cafe" ? null : el("label", { class: "attach", title: "Send a file" }, "📎",
        el("input", {
          type: "file", "aria-label": "Send a file", hidden: "",
          onchange: (event) => { const file = event.target.files[0]; if (file) sendFile(chat, file); event.target.value = ""; },
        })),
      input, el("button", { type: "submit", "aria-label": "Send" }, "➤")),
  );
  messages.scrollTop = messages.scrollHeight;
  input.focus();
}

function openChat(id) {
  state.current = id;
  state.unread.delete(id);
  history.replaceState(null, "", `#${id}`);
  drawList();
  drawChat();
}

// ---- actions -------------------------------------------------------------------------------

async function pressed(chat, message, button, node) {
  if (button.callback_data !== undefined) {
    node.setAttribute("aria-busy", "true");
    try { await api("POST", `/api/chats/${chat.id}/press`, { message_id: message.message_id, data: button.callback_data }); }
    catch (error) { toast(error.message, "error"); }
    finally { node.removeAttribute("aria-busy"); }
  } else if (button.web_app) {
    openMiniApp(chat.user.id);
  } else if (button.url) {
    if (startgroupLink(button.url)) openAddBot(null, button.url);
    else window.open(button.url, "_blank", "noopener");
  } else {
    toast("this kind of button does nothing in the sandbox");
  }
}

function latestLink() {
  let found = null;
  for (const chat of state.chats.values()) {
    for (const message of sorted(chat)) {
      for (const match of (message.text || "").matchAll(/https:\/\/t\.me\/[A-Za-z0-9_]+\?startgroup=[A-Za-z0-9_-]+/g)) {
        if (!found || message.date >= found.date) found = { date: message.date, link: match[0] };
      }
    }
  }
  return found?.link || "";
}

function openAddBot(groupId, link) {
  const select = $("add-bot-group");
  select.replaceChildren(...[...state.chats.values()].filter((c) => c.kind === "cafe")
    .map((c) => el("option", { value: c.id, selected: c.id === groupId }, c.title)));
  $("add-bot-link").value = link || "";
  $("add-bot-error").textContent = "";
  $("add-bot").showModal();
}

async function addBot(event) {
  event.preventDefault();
  const group = Number($("add-bot-group").value);
  const submit = $("add-bot-submit");
  submit.disabled = true;
  try {
    await api("POST", `/api/chats/${group}/add-bot`, { link: $("add-bot-link").value });
    $("add-bot").close();
    openChat(group);
  } catch (error) {
    $("add-bot-error").textContent = error.message;
  } finally {
    submit.disabled = false;
  }
}

async function openMiniApp(tgid) {
  try {
    const { url } = await api("GET", `/api/miniapp/${tgid}`);
    const person = [...state.chats.values()].find((c) => c.user.id === tgid);
    $("miniapp-who").textContent = `as ${person ? person.user_name : tgid}`;
    $("miniapp-tab").href = url;
    // A new frame each time: the URLs differ only in their hash (the launch data), and
    // setting such a src does not reload the page — the old person would stay signed in.
    const frame = $("miniapp-frame");
    const fresh = frame.cloneNode(false);
    fresh.src = url;
    frame.replaceWith(fresh);
    $("miniapp").hidden = false;
  } catch (error) {
    toast(error.message, "error");
  }
}

async function fireDeadline(chat, node, force) {
  node.disabled = true;
  try {
    const done = await api("POST", `/api/cafes/${chat.cafe_id}/deadline`, { date: chat.next_day, force });
    toast(`Deadline of ${chat.title} for ${done.date}: fired`);
  } catch (error) {
    if (error.status === 409 && !force) {
      toast(`${error.message} — press again to send it anyway`);
      node.onclick = () => fireDeadline(chat, node, true);
    } else {
      toast(error.message, "error");
    }
  } finally {
    node.disabled = false;
  }
}

// A control-panel button: busy while the sandbox runs the job, then what the job reported.
async function runJob(event, resultId, busy, path, describe) {
  const node = event.currentTarget;
  const result = $(resultId);
  node.disabled = true;
  result.textContent = busy;
  try {
    result.textContent = describe(await api("POST", path));
  } catch (error) {
    result.textContent = error.message;
  } finally {
    node.disabled = false;
  }
}

function sendReminders(event) {
  return runJob(event, "reminders-result", "reminding who has not ordered…", "/api/reminders",
    (report) => `${report.sent} sent, ${report.skipped} skipped, ${report.failed} failed`
      + (report.created ? "" : " (everyone was reminded for that day already)"));
}

function runRecommendations(event) {
  return runJob(event, "recommendations-result", "asking the local Gemini…", "/api/recommendations",
    (report) => report.outcome === "done"
      ? `done: ${report.generated} generated for ${report.eligible} eligible, ${report.failed} failed`
      : `${report.outcome}: ${report.message}`);
}

// ---- live ----------------------------------------------------------------------------------

function applied(event) {
  if (event.action === "toast") { toast(event.text); return; }
  const chat = state.chats.get(event.chat_id);
  if (!chat) return;
  if (event.action === "deleted") chat.messages.delete(event.message_id);
  else {
    const isNew = !chat.messages.has(event.message_id);
    chat.messages.set(event.message_id, event.message);
    if (isNew && chat.id !== state.current) state.unread.set(chat.id, (state.unread.get(chat.id) || 0) + 1);
  }
  drawList();
  if (chat.id === state.current) {
    const box = document.querySelector(".messages");
    const atBottom = !box || box.scrollHeight - box.scrollTop - box.clientHeight < 80;
    const typed = document.querySelector(".composer input")?.value || "";
    drawChat();
    const input = document.querySelector(".composer input");
    if (input) input.value = typed;
    const fresh = document.querySelector(".messages");
    if (fresh && atBottom) fresh.scrollTop = fresh.scrollHeight;
  }
}

async function load() {
  const data = await api("GET", "/api/state");
  state.bot = data.bot;
  state.deadlineControl = data.deadline_control;
  state.order = data.chats.map((c) => c.id);
  state.chats = new Map(data.chats.map((c) => [c.id, { ...c, messages: new Map(c.messages.map((m) => [m.message_id, m])) }]));
  $("bot-name").textContent = `@${data.bot.username} · offline: a local Telegram and Gemini`;
  const wanted = Number(location.hash.slice(1));
  if (state.current === null) state.current = state.chats.has(wanted) ? wanted : state.order[0];
  drawList();
  drawChat();
}

function connect() {
  const socket = new WebSocket(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/ws`);
  socket.addEventListener("message", (event) => applied(JSON.parse(event.data)));
  socket.addEventListener("open", () => { document.body.dataset.live = "true"; load().catch((e) => toast(e.message, "error")); });
  socket.addEventListener("close", () => { document.body.dataset.live = "false"; setTimeout(connect, 1000); });
}

$("add-bot-form").addEventListener("submit", addBot);
$("add-bot-cancel").addEventListener("click", () => $("add-bot").close());
$("miniapp-close").addEventListener("click", () => { $("miniapp").hidden = true; $("miniapp-frame").src = "about:blank"; });
$("run-recommendations").addEventListener("click", runRecommendations);
$("send-reminders").addEventListener("click", sendReminders);
connect();
