package dev.slipway.access;

import dev.slipway.identity.Actor;
import dev.slipway.identity.TeamRole;
import java.util.HashMap;
import java.util.Map;

/**
 * Who reads which grants and requests, reasons included: their holders or requesters, maintainers of
 * the owning team (every approver but an administrator is one), and administrators. A token
 * restricted to a team reads only that team's. Written as SQL over a table with {@code team_slug},
 * so lists filter in the database and a read by id asks the same question.
 */
final class AccessReaders {

    /** Holds a grant: named in it, or a member of the team it was given to. */
    static final String GRANT_HOLDER = "(subject_user_id = :readerId or subject_team = any(:readerTeams))";
    static final String REQUESTER = "requester_id = :readerId";

    private AccessReaders() {
    }

    /** The condition, for a holder condition such as {@link #GRANT_HOLDER}; its values come from {@link #params}. */
    static String visible(String holder) {
        return "(:readsAll or " + holder + " or team_slug = any(:readerMaintains))"
                + " and (:tokenTeam::text is null or team_slug = :tokenTeam)";
    }

    static Map<String, Object> params(Actor actor) {
        var params = new HashMap<String, Object>();
        params.put("readsAll", actor.isAdmin());
        params.put("readerId", actor.userId());
        params.put("readerTeams", actor.teams().keySet().toArray(String[]::new));
        params.put("readerMaintains", actor.teams().entrySet().stream().filter(e -> e.getValue() == TeamRole.MAINTAINER)
                .map(Map.Entry::getKey).toArray(String[]::new));
        params.put("tokenTeam", actor.token() == null ? null : actor.token().team());
        return params;
    }
}
