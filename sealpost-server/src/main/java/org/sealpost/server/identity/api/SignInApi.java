package org.sealpost.server.identity.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Instant;
import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.identity.AntiAutomation;
import org.sealpost.server.identity.ApiSignIn;
import org.sealpost.server.identity.ApiTokens;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Sign-in for the command line: a password (and TOTP code) for a new API token. Public. */
@RestController
@Tag(name = "Sign-in", description = "Sign-in of the command line (sealpost login)")
class SignInApi {

    @Schema(description = "A sign-in: the same rules as the web sign-in")
    record SignInRequest(
            @Schema(requiredMode = Schema.RequiredMode.REQUIRED, example = "icbc-zj-operator-a")
            String username,

            @Schema(requiredMode = Schema.RequiredMode.REQUIRED)
            String password,

            @Schema(
                    description = "the current code of the enrolled authenticator app; required when one is enrolled",
                    example = "123456")
            String totp) {}

    @Schema(description = "A new API token, shown only in this answer")
    record SignInResponse(
            @Schema(example = "spt_…") String token,
            String username,

            @Schema(description = "the unit code of the account", example = "ICBC-ZJ")
            String unit,

            Instant expiresAt) {}

    private final ApiSignIn signIn;
    private final ApiTokens tokens;

    private final AntiAutomation limits;

    SignInApi(ApiSignIn signIn, ApiTokens tokens, AntiAutomation limits) {
        this.limits = limits;
        this.signIn = signIn;
        this.tokens = tokens;
    }

    @PostMapping("/api/v1/sign-in")
    @Operation(
            summary = "Sign in and get an API token (sealpost login)",
            description = "Checks the username and password like the web sign-in: five failures in a row lock the"
                    + " account; unknown user, wrong password, locked and disabled account all answer 401"
                    + " sign-in-failed. Where a TOTP authenticator is enrolled, totp is required. An expired or"
                    + " one-time password and a role that requires TOTP without an enrolled authenticator are"
                    + " refused: change the password or enrol in the web UI first. On success a new API token"
                    + " named \"CLI <date>\" is created, valid for sealpost.security.cli-token-validity"
                    + " (default 30 days); revoke it under My API tokens or with sealpost logout.",
            security = {})
    @ApiResponse(responseCode = "200", description = "signed in: the new token")
    @ApiResponse(
            responseCode = "401",
            description = "code sign-in-failed, totp-required or totp-rejected (application/problem+json)")
    @ApiResponse(
            responseCode = "403",
            description = "code password-change-required or totp-enrolment-required: do it in the web UI")
    @ApiResponse(
            responseCode = "429",
            description =
                    "code rate-limited: too many sign-ins from this address or for this username;" + " see Retry-After")
    SignInResponse signIn(@RequestBody SignInRequest body, HttpServletRequest request) {
        limits.countSignInAs(body.username());
        ApiSignIn.Result result = signIn.signIn(body.username(), body.password(), body.totp(), request.getRemoteAddr());
        return new SignInResponse(result.token().reveal(), result.username(), result.unitCode(), result.expiresAt());
    }

    @DeleteMapping("/api/v1/me/token")
    @Operation(
            summary = "Revoke the API token of this request (sealpost logout)",
            security = @io.swagger.v3.oas.annotations.security.SecurityRequirement(name = "bearer"))
    @ApiResponse(responseCode = "204", description = "revoked: the token no longer works")
    ResponseEntity<Void> signOut(HttpServletRequest request) {
        SignedInUser user = SignedInUser.current().orElseThrow();
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        String presented = header != null && header.startsWith("Bearer ")
                ? header.substring(7).strip()
                : null;
        return tokens.revokePresented(user, presented)
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }
}
