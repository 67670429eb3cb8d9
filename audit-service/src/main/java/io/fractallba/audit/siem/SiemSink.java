package io.fractallba.audit.siem;

import java.util.List;

/** A destination of exported audit entries, one JSON object per entry. */
public interface SiemSink {

    String name();

    /** Delivers the events or throws; a sink that throws gets the same events again. */
    void send(List<String> jsonEvents) throws Exception;
}
