package org.sealpost.server.identity;

import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/** Ends every server-side session of an account (admin action, disabling, role change: A07, S03). */
@Component
class SessionControl {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;
    private final ApplicationEventPublisher events;

    SessionControl(FindByIndexNameSessionRepository<? extends Session> sessions, ApplicationEventPublisher events) {
        this.sessions = sessions;
        this.events = events;
    }

    /** Ends the account's web sessions and tells the rest of the system (its unit key sessions end too). */
    int terminateAll(String username) {
        Set<String> ids = sessions.findByPrincipalName(username).keySet();
        ids.forEach(sessions::deleteById);
        events.publishEvent(new SignInsEnded(username, null));
        return ids.size();
    }

    int count(String username) {
        return sessions.findByPrincipalName(username).size();
    }
}
