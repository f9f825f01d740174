"""Wording of the promise book: capture, list, change, help and user mistakes."""

TEXTS: dict[str, dict[str, str]] = {
    "saved": {
        "es": "Anotado. Prometiste {task}, para el {when}.",
        "en": "Got it. Your promise: {task}, by {when}.",
    },
    "saved_said": {
        "es": "Anotado. Tu promesa: {task}, para el {when}.",
    },
    "saved_for": {
        "es": "Anotado. {owner} prometió {task}, para el {when}.",
        "en": "Got it. {owner}'s promise: {task}, by {when}.",
    },
    "saved_for_said": {
        "es": "Anotado. Promesa de {owner}: {task}, para el {when}.",
    },
    "saved_note": {
        "es": "#{number} · vence {left}",
        "en": "#{number} · due {left}",
    },
    "counterpart": {"es": "Con: {who}", "en": "With: {who}"},
    "btn_done": {"es": "Cumplida", "en": "Done"},
    "btn_reschedule": {"es": "Nueva fecha", "en": "New date"},
    "btn_cancel": {"es": "Cancelar", "en": "Cancel"},
    "btn_undo": {"es": "Deshacer", "en": "Undo"},
    "btn_reopen": {"es": "Reabrir", "en": "Reopen"},
    "needs_date": {
        "es": "¿Para cuándo es «{task}»? Una promesa sin fecha se olvida. "
        "Dímelo con una fecha, por ejemplo: `/prometo {task} el jueves a las 10`.",
        "en": "When is “{task}” due? A promise without a date gets forgotten. "
        "Tell me with a date, for example: `/promise {task} on Thursday at 10am`.",
    },
    "vague": {
        "es": "«{expression}» no es una fecha: ¿qué día y a qué hora? "
        "Por ejemplo: `/prometo {task} mañana a las 12`.",
        "en": "“{expression}” isn't a date: which day and what time? "
        "For example: `/promise {task} tomorrow at noon`.",
    },
    "past": {
        "es": "El {when} ya pasó. ¿Quisiste decir otro día? Por ejemplo: `/prometo {task} mañana`.",
        "en": "{when} has already passed. Did you mean another day? "
        "For example: `/promise {task} tomorrow`.",
    },
    "empty": {
        "es": "Cuéntame qué prometiste y para cuándo, por ejemplo: "
        "`/prometo llamar al cliente el jueves`. Escribe `/prometo ayuda` para ver más.",
        "en": "Tell me what you promised and by when, for example: "
        "`/promise call the client on Thursday`. Type `/promise help` for more.",
    },
    "no_task": {
        "es": "Entendí la fecha ({when}) pero no qué prometiste. "
        "Por ejemplo: `/prometo enviar el informe {expression}`.",
        "en": "I got the date ({when}) but not what you promised. "
        "For example: `/promise send the report {expression}`.",
    },
    "too_long": {
        "es": "Es muy largo ({length} caracteres). Resume la promesa en menos de {limit}.",
        "en": "That's too long ({length} characters). Sum the promise up in under {limit}.",
    },
    "list_title": {"es": "Tus promesas abiertas ({count})", "en": "Your open promises ({count})"},
    "list_empty": {
        "es": "No tienes promesas abiertas. Anota una con `/prometo llamar al cliente el jueves`.",
        "en": "You have no open promises. Add one with `/promise call the client on Thursday`.",
    },
    "list_line": {"es": "{number}. {task} — {when}", "en": "{number}. {task} — {when}"},
    "list_overdue": {"es": "⚠️ vencida {left}", "en": "⚠️ overdue, {left}"},
    "list_hint": {
        "es": "Para cerrar una: `/prometo hecho N`. Para moverla: `/prometo nueva fecha N el viernes porque …`.",
        "en": "To close one: `/promise done N`. To move it: `/promise new date N Friday because …`.",
    },
    "done": {
        "es": "✅ Cumplida: {task}. {timing}",
        "en": "✅ Kept: {task}. {timing}",
    },
    "done_on_time": {"es": "¡A tiempo!", "en": "On time!"},
    "done_late": {"es": "Con {late} de atraso.", "en": "{late} late."},
    "done_renegotiated": {
        "es": "En la fecha renegociada (la primera era el {was}).",
        "en": "By the renegotiated date (first promised for {was}).",
    },
    "already_done": {
        "es": "Esa promesa ya estaba cumplida: {task}.",
        "en": "That promise was already kept: {task}.",
    },
    "rescheduled": {
        "es": "📅 Nueva fecha para {task}: {when}.",
        "en": "📅 New date for {task}: {when}.",
    },
    "rescheduled_reason": {"es": "Motivo: {reason}", "en": "Reason: {reason}"},
    "reschedule_needs_date": {
        "es": "¿Para cuándo la mueves? Por ejemplo: `/prometo nueva fecha {number} el viernes porque espero la firma`.",
        "en": "When to? For example: `/promise new date {number} Friday because I'm waiting for the signature`.",
    },
    "reschedule_past": {
        "es": "El {when} ya pasó. Elige una fecha futura para {task}.",
        "en": "{when} has already passed. Choose a future date for {task}.",
    },
    "checked_in": {
        "es": "👍 Anotado: avisaste que sigues en ello ({task}). Así se cuida la confianza.",
        "en": "👍 Noted: you told them you're still on it ({task}). That's how trust is kept.",
    },
    "cancelled": {"es": "🗑️ Cancelada: {task}.", "en": "🗑️ Cancelled: {task}."},
    "reopened": {
        "es": "↩️ Reabierta: {task}, para el {when}.",
        "en": "↩️ Reopened: {task}, due {when}.",
    },
    "undone": {
        "es": "↩️ Deshecho: ya no está anotada {task}.",
        "en": "↩️ Undone: {task} is no longer recorded.",
    },
    "already_open": {
        "es": "Esa promesa ya está abierta: {task}, para el {when}.",
        "en": "That promise is already open: {task}, due {when}.",
    },
    "not_open": {
        "es": "Esa promesa ya no está abierta ({status}): {task}.",
        "en": "That promise is no longer open ({status}): {task}.",
    },
    "status_done": {"es": "cumplida", "en": "kept"},
    "status_cancelled": {"es": "cancelada", "en": "cancelled"},
    "status_open": {"es": "abierta", "en": "open"},
    "not_found": {
        "es": "No tienes una promesa número {number}. Mira tus números con `/prometo lista`.",
        "en": "You have no promise number {number}. See your numbers with `/promise list`.",
    },
    "not_found_id": {
        "es": "Esa promesa ya no existe.",
        "en": "That promise no longer exists.",
    },
    "bad_number": {
        "es": "Dime el número de la promesa, por ejemplo: `/prometo {verb} 1`. Mira los números con `/prometo lista`.",
        "en": "Tell me the promise's number, for example: `/promise {verb} 1`. See the numbers with `/promise list`.",
    },
    "forbidden": {
        "es": "Solo {owner} (o quien la anotó) puede cambiar esta promesa.",
        "en": "Only {owner} (or whoever recorded it) can change this promise.",
    },
    "conflict": {
        "es": "Esa promesa cambió mientras tanto. Vuelve a intentarlo.",
        "en": "That promise changed in the meantime. Please try again.",
    },
    "unknown_command": {
        "es": "No conozco «{word}». Escribe `/prometo ayuda` para ver lo que sé hacer.",
        "en": "I don't know “{word}”. Type `/promise help` to see what I can do.",
    },
    "bad_text": {
        "es": "No pude leer ese texto. Escríbelo de nuevo, por ejemplo: `/prometo llamar al cliente el jueves`.",
        "en": "I couldn't read that text. Try again, for example: `/promise call the client on Thursday`.",
    },
    "help": {
        "es": (
            "Prometo te recuerda lo que prometiste hasta que lo cumplas.\n"
            "• `/prometo llamar al cliente el jueves` anota una promesa\n"
            "• `/prometo enviar la propuesta a Acme mañana a las 10`\n"
            "• `/prometo lista` muestra tus promesas abiertas, numeradas\n"
            "• `/prometo hecho 1` (o `listo 1`) la marca cumplida\n"
            "• `/prometo nueva fecha 1 el viernes porque espero la firma` la cambia de fecha\n"
            "• `/prometo avisé 1`: le dijiste a la otra parte que sigues en ello\n"
            "• `/prometo lista Acme`: todo lo prometido a Acme · `/prometo historial 1`\n"
            "• `/prometo seguimiento 1`: tras cumplirla, confirmar que quedó conforme\n"
            "• `/prometo cancelar 1` la cancela · `/prometo reabrir 1` la reabre\n"
            "• `/prometo sugerencias off`: no te ofrezco guardar las promesas que escribes en los canales\n"
            "• `/prometo stats`: cómo vas cumpliendo, frente al equipo (solo lo ves tú)\n"
            "Fechas que entiendo: hoy, mañana, el jueves, el 15, 5/12, en 2 horas, "
            "a las 3, antes del viernes, esta semana, fin de mes."
        ),
        "en": (
            "Prometo reminds you of what you promised until you keep it.\n"
            "• `/promise call the client on Thursday` records a promise\n"
            "• `/promise send the proposal to Acme tomorrow at 10am`\n"
            "• `/promise list` shows your open promises, numbered\n"
            "• `/promise done 1` marks one kept\n"
            "• `/promise new date 1 Friday because I'm waiting for the signature` moves it\n"
            "• `/promise checked in 1`: you told the other side you're still on it\n"
            "• `/promise list Acme`: everything promised to Acme · `/promise history 1`\n"
            "• `/promise follow up 1`: once kept, check they're happy with it\n"
            "• `/promise cancel 1` cancels it · `/promise reopen 1` reopens it\n"
            "• `/promise suggestions off`: I stop offering to save promises you write in channels\n"
            "• `/promise stats`: how you're keeping them, beside the team (only you see it)\n"
            "Dates I understand: today, tomorrow, Thursday, the 15th, 12/5, in 2 hours, "
            "at 3pm, before Friday, this week, end of month."
        ),
    },
}

TEXTS.update(
    {
        "channel_needed": {
            "es": "¿Qué canal? Por ejemplo: `/prometo canal #equipo`.",
            "en": "Which channel? For example: `/promise channel #team`.",
        },
        "channel_set": {
            "es": "Listo: las promesas vencidas y el resumen semanal irán a {channel}.",
            "en": "Done: overdue promises and the weekly digest will go to {channel}.",
        },
    }
)

TEXTS.update(
    {
        "console_banner": {
            "es": "Prometo, consola local. Hola, {user} (zona horaria {tz}).\n"
            "Escribe `/prometo ayuda` para empezar, o `/salir` (Ctrl-D) para terminar.",
            "en": "Prometo, local console. Hi, {user} (timezone {tz}).\n"
            "Type `/promise help` to start, or `/exit` (Ctrl-D) to quit.",
        },
        "console_unknown": {
            "es": "No conozco el comando {word}. Prueba `/prometo ayuda` o `/promise help`.",
            "en": "I don't know the command {word}. Try `/promise help` or `/prometo ayuda`.",
        },
    }
)
