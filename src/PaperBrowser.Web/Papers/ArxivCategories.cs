namespace PaperBrowser.Web.Papers;

/// <summary>Readable names for the common arXiv categories, for the category facet.</summary>
public static class ArxivCategories
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["cs.AI"] = "Artificial Intelligence", ["cs.CL"] = "Computation and Language", ["cs.CV"] = "Computer Vision",
        ["cs.LG"] = "Machine Learning (cs)", ["cs.NE"] = "Neural and Evolutionary Computing", ["cs.RO"] = "Robotics",
        ["cs.IR"] = "Information Retrieval", ["cs.CR"] = "Cryptography and Security", ["cs.DC"] = "Distributed Computing",
        ["cs.DS"] = "Data Structures and Algorithms", ["cs.HC"] = "Human-Computer Interaction", ["cs.SE"] = "Software Engineering",
        ["cs.SI"] = "Social and Information Networks", ["cs.SD"] = "Sound", ["cs.GT"] = "Game Theory", ["cs.IT"] = "Information Theory",
        ["cs.MA"] = "Multiagent Systems", ["cs.PL"] = "Programming Languages", ["cs.DB"] = "Databases", ["cs.CY"] = "Computers and Society",
        ["stat.ML"] = "Machine Learning (stat)", ["stat.ME"] = "Statistics Methodology", ["stat.TH"] = "Statistics Theory",
        ["math.OC"] = "Optimization and Control", ["math.ST"] = "Statistics Theory (math)", ["math.NA"] = "Numerical Analysis",
        ["math.PR"] = "Probability", ["math.CO"] = "Combinatorics", ["eess.IV"] = "Image and Video Processing",
        ["eess.SP"] = "Signal Processing", ["eess.AS"] = "Audio and Speech Processing", ["eess.SY"] = "Systems and Control",
        ["q-bio.NC"] = "Neurons and Cognition", ["q-bio.QM"] = "Quantitative Methods", ["physics.comp-ph"] = "Computational Physics",
        ["physics.data-an"] = "Data Analysis and Statistics", ["quant-ph"] = "Quantum Physics", ["hep-th"] = "High Energy Physics - Theory",
        ["hep-ph"] = "High Energy Physics - Phenomenology", ["cond-mat.dis-nn"] = "Disordered Systems and Neural Networks",
        ["cond-mat.stat-mech"] = "Statistical Mechanics", ["astro-ph"] = "Astrophysics", ["gr-qc"] = "General Relativity and Quantum Cosmology",
        ["econ.EM"] = "Econometrics", ["q-fin.ST"] = "Statistical Finance",
    };

    public static string Name(string code) => Names.TryGetValue(code, out var name) ? $"{name} ({code})" : code;
}
