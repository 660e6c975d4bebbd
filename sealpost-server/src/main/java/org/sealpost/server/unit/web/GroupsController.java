package org.sealpost.server.unit.web;

import java.util.ArrayList;
import java.util.List;
import org.sealpost.server.unit.DefiningRecipientGroups;
import org.sealpost.server.unit.DefiningRecipientGroups.DefineGroup;
import org.sealpost.server.unit.RecipientGroup;
import org.sealpost.server.unit.UnitDirectory;
import org.sealpost.server.unit.UnitException;
import org.sealpost.server.unit.UnitRef;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.validation.BindingResult;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Recipient groups: everyone signed in reads them; the regulator office defines custom ones. */
@Controller
@PreAuthorize("isAuthenticated()")
class GroupsController {

    private static final String OFFICE = "hasAnyRole('OFFICE_STAFF', 'OFFICE_DIRECTOR')";

    private final DefiningRecipientGroups groups;
    private final UnitDirectory units;

    GroupsController(DefiningRecipientGroups groups, UnitDirectory units) {
        this.groups = groups;
        this.units = units;
    }

    @GetMapping("/groups")
    String list(Model model) {
        model.addAttribute("groups", groups.all());
        return "unit/groups";
    }

    @GetMapping("/groups/new")
    @PreAuthorize(OFFICE)
    String create(Model model) {
        model.addAttribute("form", new GroupForm());
        return page(model, null);
    }

    @GetMapping("/groups/{code}")
    String show(@PathVariable String code, Model model) {
        RecipientGroup group = groups.get(code);
        model.addAttribute("form", GroupForm.of(group));
        return page(model, group);
    }

    @PostMapping("/groups")
    @PreAuthorize(OFFICE)
    ModelAndView created(
            @ModelAttribute("form") GroupForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        try {
            RecipientGroup group = groups.create(form.command(UnitWebSupport.user(), form.getCode()));
            redirect.addFlashAttribute("notice", "unit.saved");
            return new ModelAndView("redirect:/groups/" + group.code());
        } catch (UnitException.InvalidInput | UnitException.CodeTaken e) {
            reject(e, binding);
            return new ModelAndView(page(model, null), model.asMap(), HttpStatus.BAD_REQUEST);
        }
    }

    @PostMapping("/groups/{code}")
    @PreAuthorize(OFFICE)
    ModelAndView redefined(
            @PathVariable String code,
            @ModelAttribute("form") GroupForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes redirect) {
        try {
            groups.redefine(form.command(UnitWebSupport.user(), code));
            redirect.addFlashAttribute("notice", "unit.saved");
            return new ModelAndView("redirect:/groups/" + code);
        } catch (UnitException.InvalidInput e) {
            reject(e, binding);
            return new ModelAndView(page(model, groups.get(code)), model.asMap(), HttpStatus.BAD_REQUEST);
        }
    }

    @PostMapping("/groups/{code}/delete")
    @PreAuthorize(OFFICE)
    String delete(@PathVariable String code, RedirectAttributes redirect) {
        groups.delete(code);
        redirect.addFlashAttribute("notice", "unit.removed");
        return "redirect:/groups";
    }

    private static void reject(UnitException e, BindingResult binding) {
        if (e instanceof UnitException.InvalidInput invalid) {
            UnitWebSupport.bind(invalid, binding);
        } else {
            binding.rejectValue("code", e.messageKey(), e.arguments(), e.messageKey());
        }
    }

    private String page(Model model, RecipientGroup group) {
        List<UnitRef> all = units.all();
        model.addAttribute("group", group);
        model.addAttribute("allUnits", all);
        return "unit/group-form";
    }

    /** Group form: code (new groups only), names, description and the ticked unit codes. */
    static class GroupForm {
        private String code;
        private String name;
        private String nameEn;
        private String description;
        private List<String> unitCodes = new ArrayList<>();

        static GroupForm of(RecipientGroup group) {
            GroupForm f = new GroupForm();
            f.code = group.code();
            f.name = group.name();
            f.nameEn = group.nameEn();
            f.description = group.description();
            f.unitCodes =
                    new ArrayList<>(group.units().stream().map(UnitRef::code).toList());
            return f;
        }

        DefineGroup command(org.sealpost.server.access.SignedInUser user, String groupCode) {
            return new DefineGroup(groupCode, name, nameEn, description, unitCodes, user);
        }

        public String getCode() {
            return code;
        }

        public void setCode(String code) {
            this.code = code;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public String getNameEn() {
            return nameEn;
        }

        public void setNameEn(String nameEn) {
            this.nameEn = nameEn;
        }

        public String getDescription() {
            return description;
        }

        public void setDescription(String description) {
            this.description = description;
        }

        public List<String> getUnitCodes() {
            return unitCodes;
        }

        public void setUnitCodes(List<String> unitCodes) {
            this.unitCodes = unitCodes == null ? new ArrayList<>() : unitCodes;
        }
    }
}
