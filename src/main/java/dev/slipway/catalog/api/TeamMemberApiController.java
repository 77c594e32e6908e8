package dev.slipway.catalog.api;

import dev.slipway.catalog.TeamCatalog;
import dev.slipway.identity.MemberView;
import dev.slipway.identity.TeamRole;
import dev.slipway.identity.UserDirectory;
import dev.slipway.shared.ApiErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/teams/{team}/members", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Teams")
@ApiErrorResponses
@RequiredArgsConstructor
class TeamMemberApiController {

    /** A member's role in the team: MAINTAINER or MEMBER. */
    record MembershipRequest(TeamRole teamRole) {
    }

    private final TeamCatalog teams;
    private final UserDirectory users;

    @GetMapping
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List a team's members")
    List<MemberView> list(@PathVariable String team) {
        teams.get(team);
        return users.members(team);
    }

    @PutMapping(path = "/{username}", consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "200", description = "The membership as it now is")
    @Operation(summary = "Add a member or change their role", description = "Maintainers of the team and administrators.")
    MemberView put(@PathVariable String team, @PathVariable String username, @RequestBody MembershipRequest request) {
        return users.putMember(team, username, request.teamRole());
    }

    @DeleteMapping("/{username}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Removed")
    @Operation(summary = "Remove a member", description = "Maintainers of the team and administrators.")
    void remove(@PathVariable String team, @PathVariable String username) {
        users.removeMember(team, username);
    }
}
