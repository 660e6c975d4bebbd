package org.sealpost.server.printing.ipp;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

/**
 * The three IPP/1.1 operations controlled printing needs, against a CUPS server (or any IPP
 * printer) over HTTP: Print-Job with a PDF, Get-Job-Attributes for the job state, and Cancel-Job.
 * {@code ipp://host:631} is spoken as {@code http://host:631/printers/NAME}, {@code ipps://} as
 * HTTPS (RFC 8010 section 4, RFC 7472). No state besides the HTTP client; thread-safe.
 */
public final class IppClient {

    private static final Pattern PRINTER = Pattern.compile("[A-Za-z0-9_.-]{1,127}");

    private final URI server;
    private final URI http;
    private final Duration timeout;
    private final HttpClient client;
    private final AtomicInteger requestIds = new AtomicInteger();

    /** @param server {@code ipp://host[:port]} or {@code ipps://host[:port]} (or http/https) */
    public IppClient(URI server, Duration timeout) {
        String scheme = server.getScheme() == null ? "" : server.getScheme().toLowerCase(java.util.Locale.ROOT);
        int port = server.getPort() > 0 ? server.getPort() : 631;
        String httpScheme = switch (scheme) {
            case "ipp", "http" -> "http";
            case "ipps", "https" -> "https";
            default -> throw new IllegalArgumentException("an IPP server URL starts with ipp:// or ipps://");
        };
        if (server.getHost() == null) {
            throw new IllegalArgumentException("the IPP server URL names no host: " + server);
        }
        this.server = URI.create(("https".equals(httpScheme) ? "ipps" : "ipp") + "://" + server.getHost() + ":" + port);
        this.http = URI.create(httpScheme + "://" + server.getHost() + ":" + port);
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    public static boolean validPrinterName(String name) {
        return name != null && PRINTER.matcher(name).matches();
    }

    /** Submits a PDF; returns the job id. */
    public int printJob(String printer, String jobName, String user, byte[] pdf) {
        IppMessage response = send(
                printer,
                IppMessage.request(IppMessage.PRINT_JOB, requestIds.incrementAndGet())
                        .add("printer-uri", IppMessage.Value.text(IppMessage.URI, printerUri(printer)))
                        .add("requesting-user-name", IppMessage.Value.text(IppMessage.NAME, user))
                        .add("job-name", IppMessage.Value.text(IppMessage.NAME, jobName))
                        .add("document-format", IppMessage.Value.text(IppMessage.MIME_MEDIA_TYPE, "application/pdf"))
                        .build(pdf));
        return response.integer(IppMessage.JOB_ATTRIBUTES, "job-id")
                .orElseThrow(() -> new IppException("the printer answered Print-Job without a job-id"));
    }

    public JobState jobState(String printer, int jobId) {
        IppMessage response = send(
                printer,
                IppMessage.request(IppMessage.GET_JOB_ATTRIBUTES, requestIds.incrementAndGet())
                        .add("printer-uri", IppMessage.Value.text(IppMessage.URI, printerUri(printer)))
                        .add("job-id", IppMessage.Value.integer(IppMessage.INTEGER, jobId))
                        .add("requested-attributes", IppMessage.Value.text(IppMessage.KEYWORD, "job-state"))
                        .build(null));
        return JobState.of(response.integer(IppMessage.JOB_ATTRIBUTES, "job-state")
                .orElseThrow(() -> new IppException("the printer answered without a job-state")));
    }

    public void cancelJob(String printer, int jobId, String user) {
        send(
                printer,
                IppMessage.request(IppMessage.CANCEL_JOB, requestIds.incrementAndGet())
                        .add("printer-uri", IppMessage.Value.text(IppMessage.URI, printerUri(printer)))
                        .add("job-id", IppMessage.Value.integer(IppMessage.INTEGER, jobId))
                        .add("requesting-user-name", IppMessage.Value.text(IppMessage.NAME, user))
                        .build(null));
    }

    private String printerUri(String printer) {
        if (!validPrinterName(printer)) {
            throw new IppException("a printer name has 1 to 127 letters, digits, '.', '_' or '-'");
        }
        return server + "/printers/" + printer;
    }

    private IppMessage send(String printer, IppMessage request) {
        HttpRequest http = HttpRequest.newBuilder(this.http.resolve("/printers/" + printer))
                .timeout(timeout)
                .header("Content-Type", "application/ipp")
                .POST(HttpRequest.BodyPublishers.ofByteArray(IppCodec.encode(request)))
                .build();
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(http, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IppException("the print server " + server + " cannot be reached: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IppException("interrupted while talking to the print server", e);
        }
        if (answer.statusCode() != 200) {
            throw new IppException("the print server answered HTTP " + answer.statusCode());
        }
        IppMessage response = IppCodec.decode(answer.body());
        if (response.requestId() != request.requestId()) {
            throw new IppException("the print server answered another request");
        }
        if (!response.successful()) {
            String message = response.text(IppMessage.OPERATION_ATTRIBUTES, "status-message")
                    .orElse("");
            throw new IppException(String.format(
                            "the printer %s refused the request: status 0x%04x %s", printer, response.code(), message)
                    .strip());
        }
        return response;
    }
}
