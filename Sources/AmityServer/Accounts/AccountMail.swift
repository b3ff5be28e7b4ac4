import Vapor

/// The mails of an account's life, in the language of the request that causes them, with links
/// to this site's public address.
struct AccountMail {
    let request: Request

    private var site: String { request.application.amity.publicURL }

    private func text(_ key: String, _ values: [String: String]) -> String {
        request.application.catalogue.text(key, in: request.language, values)
    }

    func confirmation(to email: String, token: String) -> OutgoingMail {
        OutgoingMail(to: email, subject: text("mail_confirm_subject", [:]),
                     text: text("mail_confirm_body", ["link": "\(site)/confirm-address?token=\(token)"]))
    }

    func signUpAgain(to email: String) -> OutgoingMail {
        OutgoingMail(to: email, subject: text("mail_signup_again_subject", [:]),
                     text: text("mail_signup_again_body", ["signin": "\(site)/sign-in", "forgot": "\(site)/forgot-password"]))
    }

    func reset(to email: String, token: String) -> OutgoingMail {
        OutgoingMail(to: email, subject: text("mail_reset_subject", [:]),
                     text: text("mail_reset_body", ["link": "\(site)/reset-password?token=\(token)"]))
    }

    func addressChanging(to email: String, newAddress: String) -> OutgoingMail {
        OutgoingMail(to: email, subject: text("mail_address_change_subject", [:]),
                     text: text("mail_address_change_body", ["email": newAddress, "forgot": "\(site)/forgot-password"]))
    }
}
