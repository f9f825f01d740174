"""Wording of chasing: reminders, overdue notices, check-ins and the weekly digest."""

TEXTS: dict[str, dict[str, str]] = {
    "chase_reminder": {
        "es": "⏰ Recordatorio: prometiste {task}, para el {when} ({left}).",
        "en": "⏰ Reminder, your promise: {task}, by {when} ({left}).",
    },
    "chase_reminder_said": {
        "es": "⏰ Recordatorio de tu promesa: {task}, para el {when} ({left}).",
    },
    "chase_counterpart": {"es": "Con: {who}", "en": "With: {who}"},
    "chase_reminder_note": {
        "es": "#{number} · Si no llegas, avisa antes de que venza: «seguimos en ello» también cumple con la confianza.",
        "en": "#{number} · If you won't make it, say so before the deadline: “still on it” keeps trust too.",
    },
    "btn_check_in": {"es": "Avisé que sigo en ello", "en": "I told them I'm on it"},
    "chase_overdue": {
        "es": "⚠️ Venció {left}: {task} (era para el {when}).",
        "en": "⚠️ Overdue since {left}: {task} (due {when}).",
    },
    "chase_overdue_note": {
        "es": "#{number} · ¿Ya está? Márcala como cumplida. ¿Necesitas más tiempo? Ponle una nueva fecha y avisa.",
        "en": "#{number} · Done? Mark it kept. Need more time? Give it a new date and tell them.",
    },
    "chase_team": {
        "es": "⚠️ Promesa vencida: {owner} prometió {task} para el {when} ({left}).",
        "en": "⚠️ Overdue promise of {owner}: {task}, due {when} ({left}).",
    },
    "chase_team_said": {
        "es": "⚠️ Promesa vencida de {owner}: {task}, para el {when} ({left}).",
    },
    "chase_channel_hint": {
        "es": "Prometo no tiene canal de equipo en este espacio, así que las promesas vencidas solo se avisan por mensaje directo. Elige uno con `/prometo canal #canal` (e invítame a ese canal).",
        "en": "Prometo has no team channel in this workspace, so overdue promises are only sent as direct messages. Pick one with `/promise channel #channel` (and invite me there).",
    },
    "digest_title": {
        "es": "📋 Resumen semanal de promesas · semana del {week}",
        "en": "📋 Weekly promise digest · week of {week}",
    },
    "digest_rate_team": {
        "es": "Cumplidas a tiempo la semana pasada: {rate} ({on_time} de {total}).",
        "en": "Kept on time last week: {rate} ({on_time} of {total}).",
    },
    "digest_rate_none": {
        "es": "La semana pasada no vencía ninguna promesa.",
        "en": "No promise was due last week.",
    },
    "digest_on_time": {"es": "✅ Cumplidas a tiempo ({count})", "en": "✅ Kept on time ({count})"},
    "digest_late": {"es": "🕗 Cumplidas con atraso ({count})", "en": "🕗 Kept late ({count})"},
    "digest_kept_moved": {
        "es": "📅 Cumplidas en la fecha renegociada ({count})",
        "en": "📅 Kept by the renegotiated date ({count})",
    },
    "digest_renegotiated": {
        "es": "📅 Renegociadas ({count})",
        "en": "📅 Renegotiated ({count})",
    },
    "digest_overdue": {"es": "⚠️ Aún vencidas ({count})", "en": "⚠️ Still overdue ({count})"},
    "digest_upcoming": {
        "es": "🗓️ Vencen esta semana ({count})",
        "en": "🗓️ Due this week ({count})",
    },
    "digest_people": {"es": "👥 A tiempo, por persona", "en": "👥 On time, per person"},
    "digest_person_line": {
        "es": "{who}: {rate} ({on_time} de {total})",
        "en": "{who}: {rate} ({on_time} of {total})",
    },
    "digest_line": {"es": "• {task} — {who}, {when}", "en": "• {task} — {who}, {when}"},
    "digest_more": {"es": "… y {count} más.", "en": "… and {count} more."},
    "digest_empty": {
        "es": "Nada que informar esta semana. Anota promesas con `/prometo …`.",
        "en": "Nothing to report this week. Record promises with `/promise …`.",
    },
    "console_clock": {
        "es": "🕐 Ahora es {when}.",
        "en": "🕐 It is now {when}.",
    },
    "console_clock_usage": {
        "es": "Uso: `/reloj +2d`, `/reloj +3h` o `/reloj +30m` (adelanta el reloj de prueba).",
        "en": "Usage: `/clock +2d`, `/clock +3h` or `/clock +30m` (moves the test clock forward).",
    },
    "console_dm": {"es": "📨 Mensaje directo para {who}:", "en": "📨 Direct message to {who}:"},
    "console_post": {"es": "📣 En {channel}:", "en": "📣 In {channel}:"},
}
