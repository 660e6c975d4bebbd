package org.sealpost.server.identity;

import java.util.Set;
import org.springframework.session.FindByIndexNameSessionRepository;
import org.springframework.session.Session;
import org.springframework.stereotype.Component;

/** Ends every server-side session of an account (admin action, disabling, role change: A07, S03). */
@Component
class SessionControl {

    private final FindByIndexNameSessionRepository<? extends Session> sessions;

    SessionControl(FindByIndexNameSessionRepository<? extends Session> sessions) {
        this.sessions = sessions;
    }

    int terminateAll(String username) {
        Set<String> ids = sessions.findByPrincipalName(username).keySet();
        ids.forEach(sessions::deleteById);
        return ids.size();
    }

    int count(String username) {
        return sessions.findByPrincipalName(username).size();
    }
}
