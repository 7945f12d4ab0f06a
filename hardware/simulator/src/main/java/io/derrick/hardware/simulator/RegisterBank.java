package io.derrick.hardware.simulator;

import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalIn;
import com.ghgande.j2mod.modbus.procimg.SimpleDigitalOut;
import com.ghgande.j2mod.modbus.procimg.SimpleInputRegister;
import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import io.derrick.hardware.registers.Function;

/**
 * A process image whose multi-register reads are consistent: the simulator writes a whole tick under
 * the lock, and a read copies its range under the same lock, so a float32 never mixes two ticks.
 */
final class RegisterBank extends SimpleProcessImage {

    RegisterBank(int unitId, int holding, int input, int coils, int discretes) {
        super(unitId);
        for (int i = 0; i < holding; i++) {
            addRegister(new SimpleRegister(0));
        }
        for (int i = 0; i < input; i++) {
            addInputRegister(new SimpleInputRegister(0));
        }
        for (int i = 0; i < coils; i++) {
            addDigitalOut(new SimpleDigitalOut(false));
        }
        for (int i = 0; i < discretes; i++) {
            addDigitalIn(new SimpleDigitalIn(false));
        }
    }

    synchronized void write(Function function, int address, int[] words) {
        for (int i = 0; i < words.length; i++) {
            int at = address + i;
            switch (function) {
                case HOLDING -> getRegister(at).setValue(words[i]);
                case INPUT -> ((SimpleInputRegister) getInputRegister(at)).setValue(words[i]);
                case COIL -> getDigitalOut(at).set(words[i] != 0);
                case DISCRETE -> ((SimpleDigitalIn) getDigitalIn(at)).set(words[i] != 0);
            }
        }
    }

    @Override
    public synchronized Register[] getRegisterRange(int offset, int count) {
        Register[] live = super.getRegisterRange(offset, count);
        Register[] copy = new Register[live.length];
        for (int i = 0; i < live.length; i++) {
            copy[i] = new SimpleRegister(live[i].getValue());
        }
        return copy;
    }

    @Override
    public synchronized InputRegister[] getInputRegisterRange(int offset, int count) {
        InputRegister[] live = super.getInputRegisterRange(offset, count);
        InputRegister[] copy = new InputRegister[live.length];
        for (int i = 0; i < live.length; i++) {
            copy[i] = new SimpleInputRegister(live[i].getValue());
        }
        return copy;
    }
}
