package org.sealpost.server.unit.web;

import org.sealpost.server.unit.ManagingUnits;
import org.sealpost.server.unit.ManagingUnits.DefineUnit;
import org.sealpost.server.unit.UnitCategory;
import org.sealpost.server.unit.UnitException;
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

/** The system admin registers units and edits their name, category and active flag. */
@Controller
@PreAuthorize("hasRole('SYSTEM_ADMIN')")
class UnitAdminController {

    private final ManagingUnits managing;

    UnitAdminController(ManagingUnits managing) {
        this.managing = managing;
    }

    @GetMapping("/units/new")
    String create(Model model) {
        model.addAttribute("form", new UnitForm());
        return page(model, null);
    }

    @PostMapping("/units/new")
    ModelAndView register(
            @ModelAttribute("form") UnitForm form, BindingResult binding, Model model, RedirectAttributes redirect) {
        try {
            managing.register(form.command(form.getCode()));
        } catch (UnitException.InvalidInput | UnitException.CodeTaken e) {
            reject(e, binding);
            return new ModelAndView(page(model, null), model.asMap(), HttpStatus.BAD_REQUEST);
        }
        redirect.addFlashAttribute("notice", "unit.saved");
        return new ModelAndView("redirect:/units/" + form.getCode().strip().toUpperCase(java.util.Locale.ROOT));
    }

    @GetMapping("/units/{code}/edit")
    String edit(@PathVariable String code, Model model) {
        var unit = managing.details(code);
        UnitForm form = new UnitForm();
        form.setCode(unit.code());
        form.setName(unit.name());
        form.setNameEn(unit.nameEn());
        form.setCategory(unit.category());
        form.setActive(unit.active());
        model.addAttribute("form", form);
        return page(model, unit.code());
    }

    @PostMapping("/units/{code}/edit")
    ModelAndView change(
            @PathVariable String code,
            @ModelAttribute("form") UnitForm form,
            BindingResult binding,
            Model model,
            RedirectAttributes redirect) {
        try {
            managing.change(form.command(code));
        } catch (UnitException.InvalidInput e) {
            reject(e, binding);
            return new ModelAndView(page(model, code), model.asMap(), HttpStatus.BAD_REQUEST);
        }
        redirect.addFlashAttribute("notice", "unit.saved");
        return new ModelAndView("redirect:/units/" + code);
    }

    private static void reject(UnitException e, BindingResult binding) {
        if (e instanceof UnitException.InvalidInput invalid) {
            UnitWebSupport.bind(invalid, binding);
        } else {
            binding.rejectValue("code", e.messageKey(), e.arguments(), e.messageKey());
        }
    }

    private static String page(Model model, String code) {
        model.addAttribute("code", code);
        model.addAttribute("categories", UnitCategory.values());
        return "unit/unit-form";
    }

    /** Unit form; on edit the code comes from the URL, never from the form. */
    static class UnitForm {
        private String code;
        private String name;
        private String nameEn;
        private UnitCategory category;
        private boolean active = true;

        DefineUnit command(String unitCode) {
            return new DefineUnit(unitCode, name, nameEn, category, active, UnitWebSupport.user());
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

        public UnitCategory getCategory() {
            return category;
        }

        public void setCategory(UnitCategory category) {
            this.category = category;
        }

        public boolean isActive() {
            return active;
        }

        public void setActive(boolean active) {
            this.active = active;
        }
    }
}
