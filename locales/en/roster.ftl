# The office roster: who is not on it, access requests, /users.

## To someone not on the roster

roster-not-registered = { $signup ->
        [closed]
            👋 Hello! This bot orders lunch for the office's people, and you are not on its list yet.
            Ask your office manager to add you.
       *[approval]
            👋 Hello! This bot orders lunch for the office's people, and you are not on its list yet.
            Ask your office manager to add you — or press “Request access” and the managers get your request.
    }
roster-pending = ⏳ Your access request awaits a manager's decision. I will write once it is decided.
roster-request-button = 🙋 Request access
roster-request-sent = 📨 Your request went to the managers. I will write once it is decided.
roster-already-member = ✅ You are on the office's list already: send /start.
roster-not-registered-short = You are not on the office's list yet: ask your office manager to add you.
roster-approved = ✅ Done: { $by } added you to the office's list. Send /start to order lunch.
roster-rejected = ❌ Your access request was declined. If that is a mistake, talk to your office manager.

## To managers

roster-new-request =
    🙋 <b>Request #{ $id }</b> for lunch access
    { $name } ({ $username }, id <code>{ $tgid }</code>)
roster-open-request = Open the request

## The /users dialog

users-title =
    👥 <b>The office's list</b>: { $members } { $members ->
        [one] person
       *[other] people
    }, { $managers } of them managers or admins.
    Joining: { $signup ->
        [open] anyone who opens the bot (SIGNUP=open)
        [closed] the import and /grant only (SIGNUP=closed)
       *[approval] by a request a manager approves (SIGNUP=approval)
    }
users-list = 🙋 Access requests awaiting a decision: { $total }. Pick one:
users-empty = No access requests await a decision.
users-card =
    <b>Access request #{ $id }</b>
    Who: { $name } ({ $username }, id <code>{ $tgid }</code>)
    When: { $created }
    { $status ->
        [approved] ✅ Approved: { $decided_by }, { $decided_at }
        [rejected] ❌ Rejected: { $decided_by }, { $decided_at }
       *[pending] ⏳ Awaiting a decision
    }
users-missing = This request no longer exists.
users-confirm-approve = Add { $name } to the office's list? They will be able to order lunch.
users-confirm-reject = Reject { $name }'s request?
users-result = { $outcome ->
        [approved] ✅ { $name } is on the office's list{ $told ->
            [yes] , and was told.
           *[no] , but could not be told.
        }
        [rejected] ❌ Rejected{ $told ->
            [yes] ; { $name } was told.
           *[no] ; { $name } could not be told.
        }
        [lost] ⚡️ Someone was faster: request #{ $id } was already { $status ->
            [approved] approved
           *[rejected] rejected
        } by { $decided_by }, { $decided_at }.
       *[error] { $error }
    }

## Errors (codes from services/)

error-not-registered = You are not on the office's list yet: ask your office manager to add you.
error-signup-closed = The office adds people itself: ask your office manager.
error-access-rejected = Your request was declined; you may ask again later.
