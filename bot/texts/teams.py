"""Wording of the Microsoft Teams surfaces: help, cards, forms, the message action."""

TEXTS: dict[str, dict[str, str]] = {
    "teams_help": {
        "es": (
            "**Prometo** te recuerda lo que prometiste hasta que lo cumplas.\n\n"
            "- Escríbeme aquí: **prometo llamar al cliente el jueves** (o solo **llamar al cliente el jueves**)\n"
            "- En un canal, mencióname: **@Prometo enviar la propuesta a Acme mañana a las 10**\n"
            "- **lista** (o **mis promesas**) muestra tus promesas con sus botones\n"
            "- **hecho 1** la marca cumplida · **nueva fecha 1 el viernes porque espero la firma** la mueve\n"
            "- **avisé 1**: le dijiste a la otra parte que sigues en ello · **cancelar 1** · **reabrir 1**\n"
            "- En cualquier mensaje: **…** > **Más acciones** > **Guardar como promesa**\n"
            "- Reacciona con 👍 o ✅ a mi recordatorio para marcarla cumplida\n"
            "- En el canal del equipo: **@Prometo canal aquí** para recibir ahí las vencidas y el resumen semanal\n"
            "- Si escribes en un canal una promesa con fecha (**te mando el informe el jueves**), te ofrezco "
            "aquí, en privado, guardarla; **sugerencias off** las apaga\n\n"
            "Fechas que entiendo: hoy, mañana, el jueves, el 15, 5/12, en 2 horas, a las 3, "
            "antes del viernes, esta semana, fin de mes."
        ),
        "en": (
            "**Prometo** reminds you of what you promised until you keep it.\n\n"
            "- Write to me here: **promise call the client on Thursday**\n"
            "- In a channel, mention me: **@Prometo promise send the proposal to Acme tomorrow at 10am**\n"
            "- **list** (or **my promises**) shows your promises with their buttons\n"
            "- **done 1** marks one kept · **new date 1 Friday because I'm waiting for the signature** moves it\n"
            "- **checked in 1**: you told the other side you're still on it · **cancel 1** · **reopen 1**\n"
            "- On any message: **…** > **More actions** > **Guardar como promesa**\n"
            "- React with 👍 or ✅ to my reminder to mark it kept\n"
            "- In the team's channel: **@Prometo channel here** to get overdue promises and the weekly digest there\n"
            "- When you write a promise with a date in a channel (**I'll send the report on Thursday**), I offer "
            "here, privately, to save it; **suggestions off** turns that off\n\n"
            "Dates I understand: today, tomorrow, Thursday, the 15th, 12/5, in 2 hours, at 3pm, "
            "before Friday, this week, end of month."
        ),
    },
    "teams_channel_here": {
        "es": "Listo: las promesas vencidas y el resumen semanal llegarán a este canal.",
        "en": "Done: overdue promises and the weekly digest will come to this channel.",
    },
    "teams_channel_needed": {
        "es": "Escríbelo en el canal del equipo, mencionándome: **@Prometo canal aquí** "
        "(Prometo tiene que estar agregado a ese equipo).",
        "en": "Write it in the team's channel, mentioning me: **@Prometo channel here** "
        "(Prometo has to be added to that team).",
    },
    "teams_list_title": {"es": "Tus promesas ({count})", "en": "Your promises ({count})"},
    "teams_list_empty": {
        "es": "No tienes promesas abiertas. Escríbeme **prometo llamar al cliente el jueves** para anotar una.",
        "en": "You have no open promises. Write **promise call the client on Thursday** to add one.",
    },
    "teams_list_line": {"es": "**#{number}** {task}\n{when}", "en": "**#{number}** {task}\n{when}"},
    "teams_list_overdue": {
        "es": "**#{number}** {task}\n⚠️ Vencida {left} · era para el {when}",
        "en": "**#{number}** {task}\n⚠️ Overdue, {left} · was due {when}",
    },
    "teams_list_more": {
        "es": "… y {count} más. Escribe **lista** para verlas numeradas.",
        "en": "… and {count} more. Write **list** to see them numbered.",
    },
    "teams_list_sent": {
        "es": "Te lo envié por mensaje privado: solo tú lo ves.",
        "en": "I sent it to you in a private message: only you can see it.",
    },
    "teams_list_kept": {"es": "Cumplidas hace poco", "en": "Recently kept"},
    "teams_list_updated": {"es": "Actualizado: {when}", "en": "Updated: {when}"},
    "teams_refresh": {"es": "Actualizar", "en": "Refresh"},
    "teams_list_filter": {"es": "Ver promesas a…", "en": "See promises to…"},
    "teams_list_filter_show": {"es": "Ver", "en": "Show"},
    "teams_form_task": {"es": "Qué se prometió", "en": "What was promised"},
    "teams_form_owner": {"es": "Quién lo prometió", "en": "Who promised it"},
    "teams_form_me": {"es": "Yo", "en": "Me"},
    "teams_form_date": {"es": "Fecha", "en": "Date"},
    "teams_form_time": {
        "es": "Hora (opcional; sin hora, al final de su jornada)",
        "en": "Time (optional; no time means the end of their working day)",
    },
    "teams_form_reason": {"es": "Motivo", "en": "Reason"},
    "teams_reason_needed": {
        "es": "Una nueva fecha necesita un motivo: escribe por qué cambia.",
        "en": "A new date needs a reason: say why it changes.",
    },
    "teams_form_save": {"es": "Guardar", "en": "Save"},
    "teams_form_back": {"es": "Volver", "en": "Back"},
    "teams_form_capture": {"es": "Guardar como promesa", "en": "Save as a promise"},
    "teams_form_reschedule": {"es": "Nueva fecha para {task}", "en": "New date for {task}"},
    "teams_pick_prompt": {
        "es": "Elige fecha y hora y pulsa Guardar:",
        "en": "Pick a date and time and press Save:",
    },
    "teams_need_date": {
        "es": "Elige una fecha para guardar la promesa.",
        "en": "Pick a date to save the promise.",
    },
    "teams_need_task": {"es": "Escribe qué se prometió.", "en": "Write what was promised."},
    "teams_bad_date": {
        "es": "No entendí esa fecha u hora. Elige una fecha futura.",
        "en": "I couldn't read that date or time. Pick a future date.",
    },
    "teams_captured_dm": {
        "es": "{recorder} anotó una promesa tuya: {task}, para el {when}.",
        "en": "{recorder} recorded a promise of yours: {task}, by {when}.",
    },
    "teams_react_hint": {
        "es": "#{number} · reacciona con 👍 o ✅ a este mensaje cuando la cumplas.",
        "en": "#{number} · react with 👍 or ✅ to this message when you keep it.",
    },
    "teams_from_message": {"es": "Desde {link}", "en": "From {link}"},
    "teams_source": {"es": "el mensaje original", "en": "the original message"},
    "teams_dm_failed": {
        "es": "La promesa quedó guardada, pero no pude escribirle a {owner} ({code}): "
        "quizá aún no instaló Prometo.",
        "en": "The promise is saved, but I couldn't message {owner} ({code}): "
        "maybe they haven't installed Prometo yet.",
    },
    "teams_saved_for_you": {
        "es": "Guardada: {task}, para el {when}. Le escribí a {owner}.",
        "en": "Saved: {task}, by {when}. I messaged {owner}.",
    },
    "teams_working": {
        "es": "Recibido; lo estoy terminando. Si no ves el cambio en un momento, vuelve a intentarlo.",
        "en": "Got it; I'm finishing it. If you don't see the change in a moment, try again.",
    },
    "teams_unknown_button": {
        "es": "Ese botón ya no funciona. Escribe **lista** para ver tus promesas.",
        "en": "That button no longer works. Write **list** to see your promises.",
    },
    "teams_who": {
        "es": "No pude saber quién eres en Teams; vuelve a intentarlo desde el chat con Prometo.",
        "en": "I couldn't tell who you are in Teams; try again from your chat with Prometo.",
    },
    "teams_error": {
        "es": "Algo falló de mi lado y no pude terminar. Lo que ya estaba guardado sigue guardado: "
        "vuelve a intentarlo en un momento, o escribe **lista** para ver tus promesas.",
        "en": "Something failed on my side and I couldn't finish. Whatever was saved is still "
        "saved: try again in a moment, or write **list** to see your promises.",
    },
    "teams_spot_said": {
        "es": "Lo escribiste en {where}.",
        "en": "You wrote it in {where}.",
    },
    "teams_spot_channel": {"es": "un canal", "en": "a channel"},
    "teams_spot_channel_switch": {
        "es": "En Teams las sugerencias no se apagan para todo un canal: llegan a cada autor en "
        "privado, y cada uno las apaga para sí con **sugerencias off** (o **No me sugieras más** "
        "en una de ellas).",
        "en": "In Teams suggestions aren't turned off for a whole channel: each author gets them "
        "privately, and turns them off for themselves with **suggestions off** (or **Stop "
        "suggesting** on one of them).",
    },
    "teams_welcome": {
        "es": "¡Hola! Soy Prometo: anoto lo que prometes y te lo recuerdo hasta que lo cumplas. "
        "Escribe **ayuda** para ver cómo.",
        "en": "Hi! I'm Prometo: I write down what you promise and remind you until you keep it. "
        "Write **help** to see how.",
    },
}
