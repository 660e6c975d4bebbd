package org.sealpost.server.unit.web;

import org.sealpost.server.access.SignedInUser;
import org.sealpost.server.unit.Contact;
import org.sealpost.server.unit.ContactRole;
import org.sealpost.server.unit.Roster;
import org.sealpost.server.unit.RosterDuty;
import org.sealpost.server.unit.RosterEntry;
import org.sealpost.server.unit.UnitException;
import org.sealpost.server.unit.UpdatingRoster;
import org.sealpost.server.unit.ViewingRoster;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Adding, changing and removing one roster entry or contact of a unit. */
@Controller
@PreAuthorize("isAuthenticated()")
@RequestMapping("/units/{code}")
class RosterController {

    private final ViewingRoster viewing;
    private final UpdatingRoster updating;

    RosterController(ViewingRoster viewing, UpdatingRoster updating) {
        this.viewing = viewing;
        this.updating = updating;
    }

    /** The roster as an editor sees it; refuses (403/404) anyone who may not edit it. */
    private Roster editable(String code, SignedInUser user) {
        Roster roster = viewing.view(code, user);
        if (!roster.editable()) {
            throw new UnitException.AccessRefused("roster.refused.edit");
        }
        return roster;
    }

    // roster entries

    @GetMapping("/roster/new")
    String newEntry(@PathVariable String code, Model model) {
        model.addAttribute("roster", editable(code, UnitWebSupport.user()));
        model.addAttribute("form", new EntryForm());
        return entryPage(model, null);
    }

    @GetMapping("/roster/{id}/edit")
    String editEntry(@PathVariable String code, @PathVariable long id, Model model) {
        Roster roster = editable(code, UnitWebSupport.user());
        RosterEntry entry = roster.entries().stream()
                .filter(e -> e.id() == id)
                .findFirst()
                .orElseThrow(() -> new UnitException.RowNotFound(code, id));
        model.addAttribute("roster", roster);
        model.addAttribute("form", EntryForm.of(entry));
        return entryPage(model, id);
    }

    @PostMapping({"/roster", "/roster/{id}"})
    ModelAndView saveEntry(
            @PathVariable String code,
            @PathVariable(required = false) Long id,
            @ModelAttribute("form") EntryForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes redirect) {
        SignedInUser user = UnitWebSupport.user();
        try {
            updating.save(new UpdatingRoster.SaveRosterEntry(code, form.toEntry(id), user));
        } catch (UnitException.InvalidInput invalid) {
            UnitWebSupport.bind(invalid, binding);
            model.addAttribute("roster", editable(code, user));
            return new ModelAndView(entryPage(model, id), model.asMap(), HttpStatus.BAD_REQUEST);
        }
        redirect.addFlashAttribute("notice", "unit.saved");
        return new ModelAndView("redirect:/units/" + code);
    }

    @PostMapping("/roster/{id}/delete")
    String removeEntry(@PathVariable String code, @PathVariable long id, RedirectAttributes redirect) {
        updating.remove(new UpdatingRoster.RemoveRosterEntry(code, id, UnitWebSupport.user()));
        redirect.addFlashAttribute("notice", "unit.removed");
        return "redirect:/units/" + code;
    }

    private static String entryPage(Model model, Long id) {
        model.addAttribute("id", id);
        model.addAttribute("duties", RosterDuty.values());
        return "unit/entry-form";
    }

    // contacts

    @GetMapping("/contacts/new")
    String newContact(@PathVariable String code, Model model) {
        model.addAttribute("roster", editable(code, UnitWebSupport.user()));
        model.addAttribute("form", new ContactForm());
        return contactPage(model, null);
    }

    @GetMapping("/contacts/{id}/edit")
    String editContact(@PathVariable String code, @PathVariable long id, Model model) {
        Roster roster = editable(code, UnitWebSupport.user());
        Contact contact = roster.contacts().stream()
                .filter(c -> c.id() == id)
                .findFirst()
                .orElseThrow(() -> new UnitException.RowNotFound(code, id));
        model.addAttribute("roster", roster);
        model.addAttribute("form", ContactForm.of(contact));
        return contactPage(model, id);
    }

    @PostMapping({"/contacts", "/contacts/{id}"})
    ModelAndView saveContact(
            @PathVariable String code,
            @PathVariable(required = false) Long id,
            @ModelAttribute("form") ContactForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes redirect) {
        SignedInUser user = UnitWebSupport.user();
        try {
            updating.save(new UpdatingRoster.SaveContact(code, form.toContact(id), user));
        } catch (UnitException.InvalidInput invalid) {
            UnitWebSupport.bind(invalid, binding);
            model.addAttribute("roster", editable(code, user));
            return new ModelAndView(contactPage(model, id), model.asMap(), HttpStatus.BAD_REQUEST);
        }
        redirect.addFlashAttribute("notice", "unit.saved");
        return new ModelAndView("redirect:/units/" + code);
    }

    @PostMapping("/contacts/{id}/delete")
    String removeContact(@PathVariable String code, @PathVariable long id, RedirectAttributes redirect) {
        updating.remove(new UpdatingRoster.RemoveContact(code, id, UnitWebSupport.user()));
        redirect.addFlashAttribute("notice", "unit.removed");
        return "redirect:/units/" + code;
    }

    private static String contactPage(Model model, Long id) {
        model.addAttribute("id", id);
        model.addAttribute("contactRoles", ContactRole.values());
        return "unit/contact-form";
    }

    /** The roster entry form; it has no unit or id field: both come from the URL (C03). */
    static class EntryForm {
        private RosterDuty duty;
        private String name;
        private String title;
        private String officePhone;
        private String mobile;

        static EntryForm of(RosterEntry e) {
            EntryForm f = new EntryForm();
            f.duty = e.duty();
            f.name = e.name();
            f.title = e.title();
            f.officePhone = e.officePhone();
            f.mobile = e.mobile();
            return f;
        }

        RosterEntry toEntry(Long id) {
            return new RosterEntry(id, duty, name, title, officePhone, mobile);
        }

        public RosterDuty getDuty() {
            return duty;
        }

        public void setDuty(RosterDuty duty) {
            this.duty = duty;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getTitle() {
            return title;
        }

        public void setTitle(String title) {
            this.title = title;
        }

        public String getOfficePhone() {
            return officePhone;
        }

        public void setOfficePhone(String officePhone) {
            this.officePhone = officePhone;
        }

        public String getMobile() {
            return mobile;
        }

        public void setMobile(String mobile) {
            this.mobile = mobile;
        }
    }

    /** The contact form; like {@link EntryForm}, unit and id come from the URL only. */
    static class ContactForm extends EntryForm {
        private ContactRole role;
        private String email;
        private boolean receivesSms;
        private boolean meetingContact;

        static ContactForm of(Contact c) {
            ContactForm f = new ContactForm();
            f.role = c.role();
            f.setName(c.name());
            f.setTitle(c.title());
            f.setOfficePhone(c.officePhone());
            f.setMobile(c.mobile());
            f.email = c.email();
            f.receivesSms = c.receivesSms();
            f.meetingContact = c.meetingContact();
            return f;
        }

        Contact toContact(Long id) {
            return new Contact(
                    id, role, getName(), getTitle(), getOfficePhone(), getMobile(), email, receivesSms, meetingContact);
        }

        public String getEmail() {
            return email;
        }

        public void setEmail(String email) {
            this.email = email;
        }

        public ContactRole getRole() {
            return role;
        }

        public void setRole(ContactRole role) {
            this.role = role;
        }

        public boolean isReceivesSms() {
            return receivesSms;
        }

        public void setReceivesSms(boolean receivesSms) {
            this.receivesSms = receivesSms;
        }

        public boolean isMeetingContact() {
            return meetingContact;
        }

        public void setMeetingContact(boolean meetingContact) {
            this.meetingContact = meetingContact;
        }
    }
}
