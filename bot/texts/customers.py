"""Wording of promises to customers: counterparts, check-ins, "¿Llegas?", renegotiation,
follow-ups, concrete options for vague dates, overcommitment, and what the counterpart is told."""

TEXTS: dict[str, dict[str, str]] = {
    # buttons
    "btn_on_track": {"es": "Sí, llego", "en": "Yes, on track"},
    "btn_off_track": {"es": "No, necesito otra fecha", "en": "No, I need a new date"},
    "btn_told": {"es": "Avisé", "en": "I told them"},
    "btn_not_yet": {"es": "Todavía no", "en": "Not yet"},
    "btn_follow_up": {"es": "Sí, hacer seguimiento", "en": "Yes, follow up"},
    "btn_notify_on": {
        "es": "Avisar a {who} al cumplir o cambiar fecha",
        "en": "Tell {who} when kept or moved",
    },
    "btn_notify_off": {"es": "Dejar de avisar a {who}", "en": "Stop telling {who}"},
    "btn_history": {"es": "Historial", "en": "History"},
    # the "¿Llegas?" question, the working day before the deadline
    "chase_ask": {
        "es": "🤔 ¿Llegas? Prometiste {task}, para el {when} ({left}).",
        "en": "🤔 On track? Your promise: {task}, by {when} ({left}).",
    },
    "chase_ask_said": {
        "es": "🤔 ¿Llegas? Tu promesa: {task}, para el {when} ({left}).",
    },
    "chase_ask_note": {
        "es": "#{number} · Si no llegas, dilo hoy: renegociar a tiempo también es cumplir.",
        "en": "#{number} · If you won't make it, say so today: renegotiating in time keeps trust too.",
    },
    "on_track": {
        "es": "👍 Anotado: llegas a tiempo ({task}).",
        "en": "👍 Noted: you're on track ({task}).",
    },
    "off_track": {
        "es": "Gracias por decirlo a tiempo. Elige una nueva fecha y su motivo ({task}), y avísale a {who}.",
        "en": "Thanks for saying so in time. Choose a new date and its reason ({task}), and tell {who}.",
    },
    "off_track_typed": {
        "es": "Escribe la nueva fecha y el motivo: `/prometo nueva fecha {number} el viernes porque …`.",
        "en": "Type the new date and the reason: `/promise new date {number} Friday because …`.",
    },
    "the_other_side": {"es": "la otra parte", "en": "the other side"},
    # the mid-way check-in of a promise to someone
    "chase_check_in": {
        "es": "💬 ¿Le avisaste a {who} que sigues en ello? Prometiste {task}, para el {when} ({left}).",
        "en": "💬 Did you tell {who} you're still on it? Your promise: {task}, by {when} ({left}).",
    },
    "chase_check_in_said": {
        "es": "💬 ¿Le avisaste a {who} que sigues en ello? Tu promesa: {task}, para el {when} ({left}).",
    },
    "chase_check_in_note": {
        "es": "#{number} · Un mensaje corto basta, aunque no haya novedades. Si ya se lo dijiste, pulsa Avisé.",
        "en": "#{number} · A short note is enough, even with no news. If you already did, press “I told them”.",
    },
    "not_yet": {
        "es": "Un mensaje corto basta, por ejemplo: «{draft}». Cuando se lo digas: `/prometo avisé {number}`.",
        "en": "A short note is enough, for example: “{draft}”. Once you have: `/promise checked in {number}`.",
    },
    "not_yet_draft": {
        "es": "Te cuento que sigo en ello; cuenta conmigo a más tardar el {when}",
        "en": "Just letting you know I'm still on it; you can count on me by {when}",
    },
    # renegotiation
    "reason_needed": {
        "es": "Una nueva fecha necesita un motivo, para que {task} se renegocie con honestidad. "
        "Escríbelo después de «porque»: `/prometo nueva fecha {number} el viernes porque espero la firma`.",
        "en": "A new date needs a reason, so {task} is renegotiated honestly. "
        "Write it after “because”: `/promise new date {number} Friday because I'm waiting for the signature`.",
    },
    "moved_in_time": {
        "es": "A tiempo: la cambiaste antes de que venciera.",
        "en": "In time: you moved it before it was due.",
    },
    "moved_late": {
        "es": "Tarde: ya había vencido ({was}).",
        "en": "Late: it was already overdue ({was}).",
    },
    "moved_original": {
        "es": "Fecha prometida al principio: {when}",
        "en": "First promised for: {when}",
    },
    "moved_tell": {
        "es": "Cuéntaselo a {who} hoy. Luego: `/prometo avisé {number}`.",
        "en": "Tell {who} today. Then: `/promise checked in {number}`.",
    },
    "moved_telling": {
        "es": "Le aviso a {who} de la nueva fecha.",
        "en": "I'm telling {who} about the new date.",
    },
    "cannot_tighten": {
        "es": "Solo puedo adelantar una fecha que aún no se ha movido, y a un momento antes de {when}: {task}.",
        "en": "I can only bring forward a date that hasn't been moved yet, to a moment before {when}: {task}.",
    },
    "tightened": {
        "es": "📌 Fijada: {task}, para el {when}.",
        "en": "📌 Set: {task}, by {when}.",
    },
    "tighten_needs_date": {
        "es": "¿Para cuándo exactamente? Por ejemplo: `/prometo fijar {number} el jueves a las 12`.",
        "en": "When exactly? For example: `/promise tighten {number} Thursday at noon`.",
    },
    # kept, and the follow-up
    "kept_telling": {
        "es": "Le aviso a {who} que está cumplida.",
        "en": "I'm telling {who} it's done.",
    },
    "follow_up_offer": {
        "es": "¿Hacemos seguimiento? En {days} días hábiles te recuerdo preguntarle a {who} si quedó conforme.",
        "en": "Follow up? In {days} working days I'll remind you to check {who} is happy with it.",
    },
    "follow_up_task": {
        "es": "confirmar con {who} que quedó conforme: {task}",
        "en": "check with {who} that they're happy: {task}",
    },
    "follow_up_nobody": {"es": "la otra parte", "en": "the other side"},
    "follow_up_made": {
        "es": "🔁 Seguimiento anotado: {task}, para el {when}. Te lo recuerdo como cualquier promesa.",
        "en": "🔁 Follow-up recorded: {task}, by {when}. I'll chase it like any promise.",
    },
    "follow_up_not_kept": {
        "es": "Solo hago seguimiento de una promesa cumplida, y esta está {status}: {task}.",
        "en": "I only follow up a kept promise, and this one is {status}: {task}.",
    },
    "follow_up_exists": {
        "es": "Ya tiene seguimiento: #{number} {task}, para el {when}.",
        "en": "It already has a follow-up: #{number} {task}, due {when}.",
    },
    "follow_up_of_follow_up": {
        "es": "Esta ya es un seguimiento: {task}. No hago seguimiento de un seguimiento.",
        "en": "This one is already a follow-up: {task}. I don't follow up a follow-up.",
    },
    # counterparts
    "counterpart_too_long": {
        "es": "El nombre de a quién se lo prometiste es muy largo ({length} caracteres). Usa menos de {limit}, por ejemplo: «cliente Acme».",
        "en": "The name of whom you promised it to is too long ({length} characters). Use under {limit}, for example: “Acme”.",
    },
    "counterpart_needed": {
        "es": "¿A quién se lo prometiste? Por ejemplo: `/prometo con {number} cliente Acme`.",
        "en": "Whom did you promise it to? For example: `/promise with {number} Acme`.",
    },
    "counterpart_set": {
        "es": "Anotado: {task} es una promesa a {who}.",
        "en": "Noted: {task} is a promise to {who}.",
    },
    "notify_no_person": {
        "es": "Solo puedo avisar a alguien de este espacio de trabajo, y {task} no es con una persona de aquí. Nómbrala así: `/prometo con {number} @nombre`.",
        "en": "I can only tell someone in this workspace, and {task} isn't with a person here. Name them like this: `/promise with {number} @name`.",
    },
    "notify_already_on": {
        "es": "Ya le aviso cuando cambie: {task}.",
        "en": "I already tell them when it changes: {task}.",
    },
    "notify_already_off": {
        "es": "Ya no le aviso de cambios: {task}.",
        "en": "I already don't tell them about changes: {task}.",
    },
    "notify_on": {
        "es": "🔔 Le avisaré a {who} cuando cumplas {task} o le cambies la fecha.",
        "en": "🔔 I'll tell {who} when you keep {task} or change its date.",
    },
    "notify_off": {
        "es": "🔕 Ya no le aviso a {who} de {task}.",
        "en": "🔕 I won't tell {who} about {task} any more.",
    },
    "to_list_title": {
        "es": "Promesas abiertas a {who} ({count})",
        "en": "Open promises to {who} ({count})",
    },
    "to_list_empty": {
        "es": "No hay promesas abiertas a «{who}». Las promesas se asocian a alguien al anotarlas: `/prometo enviar la propuesta a Acme el jueves`.",
        "en": "There are no open promises to “{who}”. A promise names someone when you record it: `/promise send the proposal to Acme on Thursday`.",
    },
    "to_list_line": {
        "es": "{number}. {task} — {when} · con {who}",
        "en": "{number}. {task} — {when} · with {who}",
    },
    "to_list_other": {
        "es": "{owner} #{number}: {task} — {when} · con {who}",
        "en": "{owner} #{number}: {task} — {when} · with {who}",
    },
    "to_list_silent": {
        "es": "🔇 sin noticias hace {days} días hábiles",
        "en": "🔇 no news for {days} working days",
    },
    "to_list_hint": {
        "es": "Para registrar que le avisaste: `/prometo avisé N`. El historial: `/prometo historial N`.",
        "en": "To record you told them: `/promise checked in N`. The history: `/promise history N`.",
    },
    "list_query_too_long": {
        "es": "Ese nombre es muy largo para buscarlo ({length} caracteres). Prueba con una palabra: `/prometo lista Acme`.",
        "en": "That name is too long to look up ({length} characters). Try one word: `/promise list Acme`.",
    },
    # overcommitment and concrete options
    "overcommit": {
        "es": "Ojo: ya tienes {count} promesas más para el {day}. Si alguna puede esperar, renegóciala ahora, mientras hay tiempo.",
        "en": "Heads up: you already have {count} other promises due {day}. If one can wait, renegotiate it now, while there's time.",
    },
    "vague_options": {
        "es": "«{expression}» no es una fecha: ¿cuándo exactamente? Elige una, o escribe otra: `/prometo {task} mañana a las 12`.",
        "en": "“{expression}” isn't a date: when exactly? Pick one, or type another: `/promise {task} tomorrow at noon`.",
    },
    "needs_date_options": {
        "es": "¿Para cuándo es «{task}»? Una promesa sin fecha se olvida. Elige una, o escribe otra: `/prometo {task} el jueves a las 10`.",
        "en": "When is “{task}” due? A promise without a date gets forgotten. Pick one, or type another: `/promise {task} on Thursday at 10am`.",
    },
    "loose_options": {
        "es": "«{expression}» vence el {when}. ¿Lo concretas?",
        "en": "“{expression}” is due {when}. Want to pin it down?",
    },
    # history
    "history_title": {"es": "Historial de #{number}: {task}", "en": "History of #{number}: {task}"},
    "history_original": {
        "es": "Prometida para el {original}; ahora vence el {when}.",
        "en": "First promised for {original}; now due {when}.",
    },
    "history_created": {"es": "{at} · anotada, para el {due}", "en": "{at} · recorded, due {due}"},
    "history_rescheduled": {
        "es": "{at} · nueva fecha: {before} → {after} ({timing}). Motivo: {reason}",
        "en": "{at} · new date: {before} → {after} ({timing}). Reason: {reason}",
    },
    "history_in_time": {"es": "a tiempo", "en": "in time"},
    "history_late": {"es": "tarde", "en": "late"},
    "history_no_reason": {"es": "sin motivo", "en": "none given"},
    "history_tightened": {
        "es": "{at} · fijada: {before} → {after}",
        "en": "{at} · pinned down: {before} → {after}",
    },
    "history_done": {"es": "{at} · cumplida", "en": "{at} · kept"},
    "history_reopened": {"es": "{at} · reabierta", "en": "{at} · reopened"},
    "history_cancelled": {"es": "{at} · cancelada", "en": "{at} · cancelled"},
    "history_reminded": {"es": "{at} · recordatorio", "en": "{at} · reminder"},
    "history_overdue": {"es": "{at} · aviso de vencida", "en": "{at} · overdue notice"},
    "history_checked_in": {
        "es": "{at} · avisaste que sigues en ello",
        "en": "{at} · you told them you're on it",
    },
    "history_asked": {"es": "{at} · ¿Llegas?", "en": "{at} · on track?"},
    "history_on_track": {"es": "{at} · «Sí, llego»", "en": "{at} · “yes, on track”"},
    "history_off_track": {"es": "{at} · «No llego»", "en": "{at} · “won't make it”"},
    "history_prompted": {"es": "{at} · ¿Le avisaste?", "en": "{at} · did you tell them?"},
    "history_counterpart": {"es": "{at} · con {who}", "en": "{at} · with {who}"},
    "history_notify_on": {
        "es": "{at} · avisarle de cambios: sí",
        "en": "{at} · tell them of changes: on",
    },
    "history_notify_off": {
        "es": "{at} · avisarle de cambios: no",
        "en": "{at} · tell them of changes: off",
    },
    "history_told": {"es": "{at} · se le avisó", "en": "{at} · they were told"},
    "history_follow_up": {
        "es": "{at} · seguimiento para el {due}",
        "en": "{at} · follow-up due {due}",
    },
    "history_follow_up_of": {
        "es": "Seguimiento de #{number}: {task}",
        "en": "Follow-up of #{number}: {task}",
    },
    # what the counterpart is told
    "told_kept": {
        "es": "✅ {owner} cumplió lo que te prometió: {task}.",
        "en": "✅ {owner} kept their promise to you: {task}.",
    },
    "told_moved": {
        "es": "📅 {owner} cambió la fecha de lo que te prometió: {task}. Ahora: {when}.",
        "en": "📅 {owner} moved the date of their promise to you: {task}. Now: {when}.",
    },
    "told_reason": {"es": "Motivo: {reason}", "en": "Reason: {reason}"},
    "told_note": {
        "es": "Te aviso porque {owner} lo pidió. Prometo lleva las promesas del equipo.",
        "en": "You're told because {owner} asked. Prometo keeps the team's promises.",
    },
    # the digest
    "digest_silent": {
        "es": "🔇 Promesas cuya contraparte lleva más de {days} días hábiles sin noticias: {count}.",
        "en": "🔇 Promises whose counterpart has had no news for more than {days} working days: {count}.",
    },
}
