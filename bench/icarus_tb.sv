// A plain Verilog testbench for Icarus: drives qmac_dot (LANES = 8, int8) with random beats and a
// last flag every 20 beats, output always ready, for CYCLES cycles; counts outputs. No golden checks:
// it measures how fast an event-driven simulator runs the same RTL.
module icarus_tb;
  parameter int CYCLES = 20000;
  logic clk = 0, rst = 1;
  logic s_valid, s_ready, s_last, m_valid;
  localparam int Lanes = 8;
  logic [Lanes*qmac_pkg::ActBits-1:0] act;
  logic [Lanes*qmac_pkg::WeightBits-1:0] wgt;
  logic [qmac_pkg::OutBits-1:0] m_data;
  // One fixed set of per-output parameters, in the contract's widths (qmac_pkg).
  logic signed [qmac_pkg::BiasBits-1:0] bias = 100;
  logic signed [qmac_pkg::MultiplierBits-1:0] multiplier = 1518500250;
  logic signed [qmac_pkg::ShiftBits-1:0] shift = -14;
  logic [qmac_pkg::RoundingBits-1:0] rounding = qmac_pkg::RoundDouble;
  logic signed [qmac_pkg::OutParamBits-1:0] zero_point = 0, out_min = -128, out_max = 127;
  int outputs = 0;
  qmac_dot #(.LANES(Lanes), .ACT_SIGNED(1'b1)) dut (
    .clk_i(clk), .rst_i(rst), .s_valid_i(s_valid), .s_ready_o(s_ready), .s_act_i(act), .s_wgt_i(wgt),
    .s_last_i(s_last), .s_bias_i(bias), .s_multiplier_i(multiplier), .s_shift_i(shift),
    .s_rounding_i(rounding), .s_wrap_offset_i('0), .s_out_zero_point_i(zero_point), .s_out_min_i(out_min), .s_out_max_i(out_max),
    .m_valid_o(m_valid), .m_ready_i(1'b1), .m_data_o(m_data));
  always #5 clk = ~clk;
  initial begin
    s_valid = 0; s_last = 0; act = 0; wgt = 0;
    repeat (2) @(posedge clk);
    rst <= 0;
    for (int c = 0; c < CYCLES; c++) begin
      @(negedge clk);
      s_valid = 1;
      act = {$random, $random};
      wgt = {$random, $random, $random};   // 8 lanes of 9 bits (w - zw)
      s_last = (c % 20) == 19;
      if (m_valid) outputs++;
    end
    $display("cycles %0d outputs %0d", CYCLES, outputs);
    $finish;
  end
endmodule
