"""Wording of the Slack surfaces: App Home, modals, pickers, DMs about captured promises."""

TEXTS: dict[str, dict[str, str]] = {
    "slack_home_title": {"es": "Tus promesas", "en": "Your promises"},
    "slack_home_open": {"es": "Abiertas ({count})", "en": "Open ({count})"},
    "slack_home_empty": {
        "es": "No tienes promesas abiertas. Anota una con `/prometo llamar al cliente el jueves` "
        "o con el atajo «Guardar como promesa» en cualquier mensaje.",
        "en": "You have no open promises. Add one with `/promise call the client on Thursday` "
        "or with the “Guardar como promesa” shortcut on any message.",
    },
    "slack_home_line": {"es": "{task}\n{when} · #{number}", "en": "{task}\n{when} · #{number}"},
    "slack_home_overdue": {
        "es": "⚠️ *VENCIDA* {left} · {task}\nEra para el {when} · #{number}",
        "en": "⚠️ *OVERDUE* {left} · {task}\nWas due {when} · #{number}",
    },
    "slack_home_more": {
        "es": "… y {count} más. Míralas todas con `/prometo lista`.",
        "en": "… and {count} more. See them all with `/promise list`.",
    },
    "slack_home_kept": {"es": "Cumplidas hace poco", "en": "Recently kept"},
    "slack_home_kept_line": {"es": "✅ {task} · {timing}", "en": "✅ {task} · {timing}"},
    "slack_home_source": {"es": "mensaje original", "en": "original message"},
    "slack_modal_capture": {"es": "Guardar promesa", "en": "Save a promise"},
    "slack_modal_reschedule": {"es": "Nueva fecha", "en": "New date"},
    "slack_modal_save": {"es": "Guardar", "en": "Save"},
    "slack_modal_close": {"es": "Cancelar", "en": "Cancel"},
    "slack_field_task": {"es": "Qué se prometió", "en": "What was promised"},
    "slack_field_owner": {"es": "Quién lo prometió", "en": "Who promised it"},
    "slack_field_date": {"es": "Fecha", "en": "Date"},
    "slack_field_time": {"es": "Hora (opcional)", "en": "Time (optional)"},
    "slack_field_time_hint": {
        "es": "En la zona horaria de quien promete. Sin hora: al final de su jornada.",
        "en": "In the owner's timezone. No time: the end of their working day.",
    },
    "slack_field_reason": {"es": "Motivo", "en": "Reason"},
    "slack_field_reason_hint": {
        "es": "Por qué cambia la fecha: queda en el historial, y se lo contamos a quien pediste avisar.",
        "en": "Why the date changes: it stays in the history, and is told to whoever you asked us to tell.",
    },
    "slack_need_reason": {
        "es": "Escribe el motivo: una nueva fecha siempre lo lleva.",
        "en": "Write the reason: a new date always has one.",
    },
    "slack_home_filter": {"es": "Ver promesas a…", "en": "See promises to…"},
    "slack_home_filter_clear": {"es": "Quitar filtro", "en": "Clear filter"},
    "slack_home_with": {"es": "con {who}", "en": "with {who}"},
    "slack_modal_history": {"es": "Historial", "en": "History"},
    "slack_pick_prompt": {"es": "Elige fecha y hora:", "en": "Pick a date and time:"},
    "slack_pick_date": {"es": "Fecha", "en": "Date"},
    "slack_pick_time": {"es": "Hora", "en": "Time"},
    "slack_need_date": {
        "es": "Elige una fecha para guardar la promesa.",
        "en": "Pick a date to save the promise.",
    },
    "slack_need_task": {"es": "Escribe qué se prometió.", "en": "Write what was promised."},
    "slack_past": {
        "es": "Esa fecha ya pasó. Elige una fecha futura.",
        "en": "That date has passed. Pick a future date.",
    },
    "slack_captured_dm": {
        "es": "{recorder} anotó una promesa tuya: {task}, para el {when}.",
        "en": "{recorder} recorded a promise of yours: {task}, by {when}.",
    },
    "slack_captured_self": {
        "es": "Anotado. Prometiste {task}, para el {when}.",
        "en": "Got it. Your promise: {task}, by {when}.",
    },
    "slack_captured_self_said": {
        "es": "Anotado. Tu promesa: {task}, para el {when}.",
    },
    "slack_react_hint": {
        "es": "#{number} · reacciona con ✅ a este mensaje cuando la cumplas.",
        "en": "#{number} · react with ✅ to this message when you keep it.",
    },
    "slack_source": {"es": "Desde {link}", "en": "From {link}"},
    "slack_dm_failed": {
        "es": "La promesa quedó guardada, pero no pude avisar a {owner} por mensaje directo ({code}).",
        "en": "The promise is saved, but I couldn't DM {owner} about it ({code}).",
    },
    "slack_error": {
        "es": "Algo falló de mi lado y no pude terminar. Lo que ya estaba guardado sigue guardado: "
        "vuelve a intentarlo en un momento, o mira tus promesas con `/prometo lista`.",
        "en": "Something failed on my side and I couldn't finish. Whatever was saved is still "
        "saved: try again in a moment, or see your promises with `/promise list`.",
    },
}
