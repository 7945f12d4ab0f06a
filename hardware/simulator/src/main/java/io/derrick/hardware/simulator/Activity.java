package io.derrick.hardware.simulator;

/** What the rig is doing; the code is what the rig DAQ serves as RIGACT. */
public enum Activity {
    UNKNOWN(0), DRILLING(1), CONNECTION(2), TRIP_IN(3), TRIP_OUT(4), CIRCULATING(5);

    private final int code;

    Activity(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
