package dev.slipway.identity;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Set;

/** An administrator's request to add a person who signs in with a password. */
public record NewUserRequest(
        @NotBlank @Size(max = 64, message = "must be at most {max} characters")
        @Pattern(regexp = USERNAME, message = USERNAME_RULE) String username,
        @NotBlank @Size(max = 100, message = "must be at most {max} characters") String displayName,
        @Email @Size(max = 254, message = "must be at most {max} characters") String email,
        String password,
        Set<Role> roles) {

    static final String USERNAME = "^[a-z0-9](?:[a-z0-9._-]{0,62}[a-z0-9])?$";
    static final String USERNAME_RULE = "must be lowercase letters, digits, '.', '_' or '-', "
            + "starting and ending with a letter or digit";
}
