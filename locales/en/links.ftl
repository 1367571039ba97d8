# Linking cafe chats: deep links, requests, the managers' dialog, chat lifecycle.

## In a cafe group

link-request-sent =
    📨 The request to link this chat to the cafe “{ $cafe }” went to the managers.
    I will write here once it is decided.
link-request-pending = ⏳ A request to link this chat to the cafe “{ $cafe }” already awaits a manager's decision.
link-already-linked = ✅ This chat is already linked to the cafe “{ $cafe }”.
link-how-to =
    👋 I post lunch orders to a cafe's chat after its deadline.
    To link this chat to a cafe, send <code>/start@{ $bot } CODE</code> here, where CODE is the part of a manager's link after <code>startgroup=</code> (or open the link itself).
link-joined =
    👋 Hello! I post lunch orders to a cafe's chat after its deadline; a manager approves linking this chat.
    Added me without a manager's link? Send <code>/start@{ $bot } CODE</code> here, where CODE is the part of the link after <code>startgroup=</code>.

## To a cafe chat (in the cafe's language)

link-chat-approved =
    ✅ Done: this chat is linked to the cafe “{ $cafe }”.
    Orders will arrive here after each deadline.
link-chat-rejected = ❌ The request to link this chat to the cafe “{ $cafe }” was declined. If that is a mistake, ask a manager for a new link.
link-chat-closed = The request to link this chat to the cafe “{ $cafe }” was closed: another chat was linked to the cafe.
link-chat-unlinked = This chat is no longer linked to the cafe “{ $cafe }”: orders will not arrive here any more.

## To managers

link-new-request =
    📨 <b>New request #{ $id }</b> to link a chat
    Cafe: { $cafe }
    Chat: { $chat } ({ $username }, id <code>{ $chat_id }</code>)
    Asked by: { $asked_by }, { $created }
link-open-request = Open the request
link-alert-unlinked =
    ⚠️ The cafe “{ $cafe }” (#{ $cafe_id }) was unlinked from chat <code>{ $chat_id }</code>: { $reason ->
        [bot_removed] the bot was removed from the chat
        [bot_forbidden] Telegram does not let the bot write to the chat
        [chat_not_found] Telegram cannot find the chat
       *[other] the chat is lost
    }.
    To link it again, send the cafe chat the link from <code>/link { $cafe_id }</code>.

## To managers, in private

usage-link = Usage: <code>/link CAFE_ID</code> (cafe ids are in /cafes).
link-invite =
    🔗 The link that connects the chat of the cafe “{ $cafe }”:
    { $link }

    Open it (or forward it to the cafe's staff): Telegram offers to pick a group, the bot joins it, and the request reaches the managers.
    If no request appears, send this in the group:
    <code>/start@{ $bot } { $payload }</code>
link-managers-only = Only managers and admins can do this.

## The requests dialog (/requests)

requests-list = 📋 Requests awaiting a decision: { $total }. Pick one:
requests-empty = 🎉 No requests await a decision.
requests-card =
    <b>Request #{ $id }</b>
    Cafe: { $cafe } (#{ $cafe_id })
    Chat: { $chat }
    Username: { $username }
    Chat id: <code>{ $chat_id }</code>
    Asked by: { $asked_by }
    When: { $created }
    { $status ->
        [approved] ✅ Approved: { $decided_by }, { $decided_at }
        [rejected] ❌ Rejected: { $decided_by }, { $decided_at }
       *[pending] ⏳ Awaiting a decision
    }
requests-missing = This request no longer exists.
requests-approve = ✅ Approve
requests-reject = ❌ Reject
requests-confirm-approve =
    Link the chat “{ $chat }” to the cafe “{ $cafe }”?
    The cafe's other pending requests will be rejected.
requests-confirm-reject = Reject request #{ $id }: the chat “{ $chat }” for the cafe “{ $cafe }”?
requests-yes-approve = ✅ Yes, approve
requests-yes-reject = ❌ Yes, reject
requests-result = { $outcome ->
        [approved] ✅ Approved: the cafe “{ $cafe }” is linked to the chat “{ $chat }”, { $told ->
            [yes] and the chat was told.
           *[no] but the chat could not be told: the bot lost access to it, so the cafe was unlinked again.
        }
        [rejected] ❌ Rejected{ $told ->
            [yes] : the chat “{ $chat }” was told.
           *[no] ; the chat “{ $chat }” could not be told.
        }
        [lost] ⚡️ Someone was faster: request #{ $id } was already { $status ->
            [approved] approved
           *[rejected] rejected
        } by { $decided_by }, { $decided_at }.
       *[error] { $error }
    }
requests-to-list = 📋 To the list

## Errors (codes from services/)

error-invalid-payload = ⛔️ This link is not valid. Ask a manager for a new one (/link).
error-cafe-not-found = There is no cafe #{ $cafe_id }.
error-chat-linked-elsewhere = This chat is already linked to another cafe. Unlink it first (/unlink).
error-request-not-found = This request no longer exists.
error-already-decided = This request has already been decided.
error-not-linked = The cafe “{ $cafe_name }” is not linked to a chat.
error-forbidden = This is not available to you.
error-account-disabled = Your account is disabled. Ask your office manager if this is a mistake.
error-invalid-user = Telegram sent an account we cannot accept.
error-chat-not-verified = Telegram does not confirm this chat: { $reason }
error-rate-limited = Too many requests. Try again in { $retry_in } min.
