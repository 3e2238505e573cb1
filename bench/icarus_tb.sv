// A plain Verilog testbench for Icarus: drives qmac_dot (LANES = 8, int8) with random beats and a
// last flag every 20 beats, output always ready, for CYCLES cycles; counts outputs. No golden checks:
// it measures how fast an event-driven simulator runs the same RTL.
module icarus_tb;
  parameter int CYCLES = 20000;
  logic clk = 0, rst = 1;
  logic s_valid, s_ready, s_last, m_valid;
  logic [63:0] act, wgt;
  logic [7:0] m_data;
  int outputs = 0;
  qmac_dot #(.LANES(8), .ACT_SIGNED(1'b1)) dut (
    .clk_i(clk), .rst_i(rst), .s_valid_i(s_valid), .s_ready_o(s_ready), .s_act_i(act), .s_wgt_i(wgt),
    .s_last_i(s_last), .s_bias_i(32'sd100), .s_multiplier_i(32'sd1518500250), .s_shift_i(-6'sd14),
    .s_rounding_i(2'd0), .s_out_zero_point_i(9'sd0), .s_out_min_i(-9'sd128), .s_out_max_i(9'sd127),
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
      wgt = {$random, $random};
      s_last = (c % 20) == 19;
      if (m_valid) outputs++;
    end
    $display("cycles %0d outputs %0d", CYCLES, outputs);
    $finish;
  end
endmodule
