package org.sealpost.server.document;

import java.util.List;
import org.sealpost.server.unit.UnitRef;

/**
 * The final list of recipient units shown before sending: main (主送) and copy (抄送) recipients,
 * without duplicates (a unit in both is a main recipient) and without the sending unit itself.
 */
public record ResolvedScope(List<UnitRef> main, List<UnitRef> cc) {

    public int size() {
        return main.size() + cc.size();
    }

    public List<String> unitCodes() {
        return java.util.stream.Stream.concat(main.stream(), cc.stream())
                .map(UnitRef::code)
                .toList();
    }
}
