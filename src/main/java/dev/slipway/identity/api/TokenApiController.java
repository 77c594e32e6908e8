package dev.slipway.identity.api;

import dev.slipway.identity.ApiTokens;
import dev.slipway.identity.CreatedToken;
import dev.slipway.identity.TokenRequest;
import dev.slipway.identity.TokenView;
import dev.slipway.shared.ApiErrorResponses;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import lombok.RequiredArgsConstructor;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping(path = "/api/v1/tokens", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Tokens", description = "API tokens for scripts")
@ApiErrorResponses
@RequiredArgsConstructor
class TokenApiController {

    private final ApiTokens tokens;

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @ApiResponse(responseCode = "201", description = "Created; the secret is in `token`, shown this once")
    @Operation(summary = "Create a token",
            description = "Accepts a bearer token or, on this endpoint only, HTTP Basic with a username and password, "
                    + "so that a script can mint its first token. A token cannot mint a token with more scopes than it "
                    + "holds. `serviceAccount` mints for a service account (administrators only).",
            security = {@SecurityRequirement(name = "bearer"), @SecurityRequirement(name = "basic")})
    ResponseEntity<CreatedToken> create(@RequestBody TokenRequest request) {
        CreatedToken created = tokens.create(request);
        return ResponseEntity.created(URI.create("/api/v1/tokens/" + created.details().id())).body(created);
    }

    @GetMapping
    @ApiResponse(responseCode = "200", description = "OK")
    @Operation(summary = "List your tokens, or a service account's (administrators)",
            description = "Newest first; revoked and expired tokens are listed too.")
    List<TokenView> list(@RequestParam(required = false) String serviceAccount) {
        return serviceAccount == null || serviceAccount.isBlank() ? tokens.mine() : tokens.of(serviceAccount);
    }

    @DeleteMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "Revoked; the token stops working on its next request")
    @Operation(summary = "Revoke a token")
    TokenView revoke(@PathVariable long id) {
        return tokens.revoke(id);
    }
}
