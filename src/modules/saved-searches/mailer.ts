import nodemailer from 'nodemailer';

/** A plain-text email to one recipient. */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

/** Where alert emails go: SMTP when SMTP_URL is set; without it alerts stay in-app. */
export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
}

/** A mail failure the server answered with a permanent (5xx) code: retrying would not help. */
export function isPermanentMailError(error: unknown): boolean {
  const code = (error as { responseCode?: number } | null)?.responseCode;
  return typeof code === 'number' && code >= 500 && code < 600;
}

/** An SMTP mailer over nodemailer, e.g. `smtp://user:pass@mail.example.com:587` or `smtps://…:465`. */
export function createSmtpMailer(url: string, from: string, timeoutMs = 15_000): Mailer {
  const transport = nodemailer.createTransport({
    url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  });
  return {
    async send(message) {
      await transport.sendMail({ from, to: message.to, subject: message.subject, text: message.text });
    },
    close: () => transport.close(),
  };
}
