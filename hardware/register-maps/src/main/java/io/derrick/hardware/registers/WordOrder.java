package io.derrick.hardware.registers;

/**
 * Order of the two 16-bit registers of a 32-bit value. Modbus says nothing about it and devices
 * disagree: BIG is high word first (ABCD), LITTLE is low word first (CDAB, common on drives and PLCs).
 */
public enum WordOrder { BIG, LITTLE }
