package arxiv

import "testing"

// A model named in lower case before the value ("We introduce phi-3-mini, a
// 3.8 billion parameter …") is a model all the same: the value is never the
// paper's own (Model ""), which would speak for every entry citing it.
func TestAbstractLowerCaseModelIsNotThePaper(t *testing.T) {
	t.Parallel()
	for _, f := range AbstractFacts("We introduce phi-3-mini, a 3.8 billion parameter language model trained on 3.3 trillion tokens. " +
		"The paper's own models have 7 billion parameters.") {
		if f.Model == "" && f.Value == "3.8 billion" {
			t.Errorf("%+v: phi-3-mini's value read as the paper's", f)
		}
	}
	facts := AbstractFacts("We train a family of models with 7 billion parameters.")
	if len(facts) == 0 || facts[0].Model != "" {
		t.Errorf("a sentence naming no model: %+v, want the paper's value", facts)
	}
}

// A value followed by the models it belongs to ("… trained for 4.8T tokens,
// called phi-3-small, phi-3-medium") is theirs, not the paper's.
func TestAbstractValueOfModelsNamedAfterIt(t *testing.T) {
	t.Parallel()
	for _, f := range AbstractFacts("We also provide parameter-scaling results with a 7B, 14B models trained for 4.8T tokens, called phi-3-small, phi-3-medium.") {
		if f.Model == "" && f.Value == "4.8T" {
			t.Errorf("%+v: the named models' value read as the paper's", f)
		}
	}
}

// A model the clause compares with is not the value's owner: "Mixtral was
// trained with a context size of 32k tokens and it outperforms … Llama 2 70B".
func TestAbstractValueBeforeAComparedModelStays(t *testing.T) {
	t.Parallel()
	facts := AbstractFacts("Mixtral was trained with a context size of 32k tokens and it outperforms or matches Llama 2 70B and GPT-3.5 across all evaluated benchmarks.")
	found := false
	for _, f := range facts {
		if f.Value == "32k" {
			found = true
		}
	}
	if !found {
		t.Errorf("the 32k context was dropped: %+v", facts)
	}
}
