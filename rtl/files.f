rtl/qmac_pkg.sv
rtl/qmac_delay.sv
rtl/qmac_spill_register.sv
rtl/qmac_mul.sv
rtl/qmac_adder_tree.sv
rtl/qmac_requant.sv
rtl/qmac_dot.sv
