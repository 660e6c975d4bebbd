package org.sealpost.server.document.web;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.sealpost.server.document.DocumentView;
import org.sealpost.server.document.DraftCommand;

/** The compose form's fields; kept as typed when the server refuses them. */
public class DraftForm {
    public String type = "";
    public String docNo = "";
    public String title = "";
    public String urgency = "NORMAL";
    public String signer = "";
    public LocalDate docDate;
    public String notes = "";
    public int printCopies = 3;
    public int printSuccess = 1;
    public boolean paperFollows;
    public Long requestId;
    public List<String> to = new ArrayList<>();
    public List<String> cc = new ArrayList<>();

    // Spring binds through setters
    public void setType(String v) {
        type = v;
    }

    public void setDocNo(String v) {
        docNo = v;
    }

    public void setTitle(String v) {
        title = v;
    }

    public void setUrgency(String v) {
        urgency = v;
    }

    public void setSigner(String v) {
        signer = v;
    }

    public void setDocDate(LocalDate v) {
        docDate = v;
    }

    public void setNotes(String v) {
        notes = v;
    }

    public void setPrintCopies(int v) {
        printCopies = v;
    }

    public void setPrintSuccess(int v) {
        printSuccess = v;
    }

    public void setPaperFollows(boolean v) {
        paperFollows = v;
    }

    public void setRequestId(Long v) {
        requestId = v;
    }

    public void setTo(List<String> v) {
        to = v == null ? new ArrayList<>() : v;
    }

    public void setCc(List<String> v) {
        cc = v == null ? new ArrayList<>() : v;
    }

    public String getType() {
        return type;
    }

    public String getDocNo() {
        return docNo;
    }

    public String getTitle() {
        return title;
    }

    public String getUrgency() {
        return urgency;
    }

    public String getSigner() {
        return signer;
    }

    public LocalDate getDocDate() {
        return docDate;
    }

    public String getNotes() {
        return notes;
    }

    public int getPrintCopies() {
        return printCopies;
    }

    public int getPrintSuccess() {
        return printSuccess;
    }

    public boolean isPaperFollows() {
        return paperFollows;
    }

    public Long getRequestId() {
        return requestId;
    }

    public List<String> getTo() {
        return to;
    }

    public List<String> getCc() {
        return cc;
    }

    static DraftForm of(DocumentView d) {
        DraftForm f = new DraftForm();
        f.type = d.typeCode();
        f.docNo = d.docNo() == null ? "" : d.docNo();
        f.title = d.title();
        f.urgency = d.urgency().name();
        f.signer = d.signer() == null ? "" : d.signer();
        f.docDate = d.docDate();
        f.notes = d.notes() == null ? "" : d.notes();
        f.printCopies = d.printCopies();
        f.printSuccess = d.printSuccess();
        f.paperFollows = d.paperFollows();
        f.requestId = d.requestId();
        f.to = new ArrayList<>(d.scopeRefs("MAIN"));
        f.cc = new ArrayList<>(d.scopeRefs("CC"));
        return f;
    }

    DraftCommand command() {
        return new DraftCommand(
                type == null || type.isBlank() ? null : type,
                docNo,
                title,
                urgency,
                signer,
                docDate,
                notes,
                printCopies,
                printSuccess,
                paperFollows,
                requestId,
                requestId != null && clean(to).isEmpty() ? null : clean(to),
                requestId != null && clean(cc).isEmpty() ? null : clean(cc));
    }

    private static List<String> clean(List<String> refs) {
        List<String> out = new ArrayList<>();
        for (String r : refs) {
            for (String part : r.split("[,，\\s]+")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }
}
