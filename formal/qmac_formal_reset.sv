// qmac_formal_reset: the reset bookkeeping every stream harness of formal/ shares. The environment resets
// the design in the first cycle (assumed here); the properties are checked from then on in every cycle
// without a reset (checking_o), so later resets stay free. first_o is high in the first cycle only, for a
// harness's own first-cycle assumptions. In a k-induction step the two registers start free like any other,
// so checking_o carries no claim about the initial state.
module qmac_formal_reset (
  input  logic clk_i,
  input  logic rst_i,
  output logic first_o,
  output logic checking_o
);
  logic first_q = 1'b1, reset_seen_q = 1'b0;
  always_ff @(posedge clk_i) begin
    first_q      <= 1'b0;
    reset_seen_q <= reset_seen_q || rst_i;
  end
  always_comb begin
    if (first_q) assume (rst_i);
  end
  assign first_o    = first_q;
  assign checking_o = reset_seen_q && !rst_i;
endmodule
